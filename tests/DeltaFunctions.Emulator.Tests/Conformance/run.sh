#!/usr/bin/env bash
# Conformance step: starts the emulator with the demo lakehouse, drives it with the official Databricks SDK for
# JavaScript (@databricks/sdk-experimental) and fails on any mismatch. Run from anywhere: bash run.sh
# Needs node + npm and a Release build of src/DeltaFunctions.Emulator (built here if missing).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
port=${EMULATOR_PORT:-18765}
data=$(mktemp -d)
dll="$root/src/DeltaFunctions.Emulator/bin/Release/net10.0/DeltaFunctions.Emulator.dll"
[ -f "$dll" ] || dotnet build "$root/src/DeltaFunctions.Emulator" -c Release >/dev/null

# The SDK version is pinned exactly in package.json.
(cd "$here" && npm install --no-audit --no-fund --no-package-lock --loglevel=error)

dotnet "$dll" --urls "http://127.0.0.1:$port" --data-dir "$data" --token dapi-conformance \
  --client-id conformance-client --client-secret conformance-secret --seed-demo --result-chunk-rows 2 >"$data/emulator.log" 2>&1 &
emulator=$!
cleanup() { kill "$emulator" 2>/dev/null || true; wait "$emulator" 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT

for _ in $(seq 1 120); do
  grep -q "Press Ctrl+C" "$data/emulator.log" 2>/dev/null && break
  kill -0 "$emulator" 2>/dev/null || { cat "$data/emulator.log"; exit 1; }
  sleep 0.5
done

cd "$here"
DATABRICKS_HOST="http://127.0.0.1:$port" DATABRICKS_TOKEN=dapi-conformance DATABRICKS_WAREHOUSE_ID=emulator0000001 \
  DATABRICKS_CLIENT_ID=conformance-client DATABRICKS_CLIENT_SECRET=conformance-secret \
  node --test sdk-js.test.cjs
