#!/usr/bin/env python3
"""Sums the TRX files under a results folder and prints the closing line 'N passed, N failed'.

Exits 1 when no test ran at all, so an empty run is never mistaken for a green one.
"""
import pathlib
import sys
import xml.etree.ElementTree as ET

NS = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"


def main() -> int:
    folder = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".artifacts/test-results")
    passed = failed = skipped = 0
    failures = []
    files = sorted(folder.rglob("*.trx"))
    for trx in files:
        tree = ET.parse(trx)
        for result in tree.getroot().iter(f"{NS}UnitTestResult"):
            outcome = result.get("outcome", "")
            if outcome == "Passed":
                passed += 1
            elif outcome in ("NotExecuted", "Inconclusive", "Skipped"):
                skipped += 1
            else:
                failed += 1
                failures.append(f"{trx.stem}: {result.get('testName')}")
    for line in failures[:50]:
        print(f"FAILED {line}")
    print(f"{len(files)} result files read")
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    if passed + failed == 0:
        print("no test was executed", file=sys.stderr)
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
