#!/usr/bin/env python3
"""Merges the Cobertura files of every test project and prints the line coverage of src/ (without the App).

A line counts as covered when any test project covered it; files are keyed by their path relative to src/.
"""
import pathlib
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict

GOAL = 80.0


def main() -> int:
    folder = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".artifacts/test-results")
    lines: dict[str, dict[int, int]] = defaultdict(dict)
    reports = sorted(folder.rglob("*.cobertura*.xml"))
    for report in reports:
        root = ET.parse(report).getroot()
        sources = [s.text or "" for s in root.iter("source")]
        for cls in root.iter("class"):
            name = cls.get("filename", "")
            full = name if name.startswith("/") or not sources else str(pathlib.Path(sources[0]) / name)
            norm = full.replace("\\", "/")
            if "/src/" not in norm or "/src/DeltaFunctions.App/" in norm or "/obj/" in norm:
                continue
            key = norm.split("/src/", 1)[1]
            for line in cls.iter("line"):
                number = int(line.get("number", "0"))
                hits = int(line.get("hits", "0"))
                lines[key][number] = max(lines[key].get(number, 0), hits)
    total = sum(len(v) for v in lines.values())
    covered = sum(1 for v in lines.values() for h in v.values() if h > 0)
    if total == 0:
        print("coverage: no data")
        return 0
    by_project: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for key, v in lines.items():
        project = key.split("/", 1)[0]
        by_project[project][0] += sum(1 for h in v.values() if h > 0)
        by_project[project][1] += len(v)
    for project, (c, t) in sorted(by_project.items()):
        print(f"  {project}: {100.0 * c / t:.1f}% ({c}/{t} lines)")
    pct = 100.0 * covered / total
    verdict = "meets" if pct >= GOAL else "below"
    print(f"line coverage of src/ without the App: {pct:.1f}% ({covered}/{total} lines), {verdict} the {GOAL:.0f}% goal")
    return 0


if __name__ == "__main__":
    sys.exit(main())
