#!/usr/bin/env bash
# Starts the built emulator on a free loopback port with the demo lakehouse and drives it with the official
# Databricks SDK for JavaScript (tests/sdk-conformance). Exits non-zero on any mismatch.
# Usage: bash .ci/sdk-conformance.sh [configuration]   (the emulator must already be built)
set -euo pipefail
cd "$(dirname "$0")/.."
configuration=${1:-Release}
dll="src/DeltaFunctions.Emulator/bin/$configuration/net10.0/DeltaFunctions.Emulator.dll"
[ -f "$dll" ] || { echo "build the emulator first: $dll is missing" >&2; exit 2; }

(cd tests/sdk-conformance && npm ci --no-audit --no-fund --loglevel=error)

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
data=$(mktemp -d)
token="sdk-conformance-$(python3 -c 'import secrets; print(secrets.token_hex(8))')"
log="$data/emulator.log"
dotnet "$dll" --urls "http://127.0.0.1:$port" --data-dir "$data/lakehouse" --token "$token" --seed-demo --chunk-rows 500 >"$log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT

for _ in $(seq 1 120); do
  if python3 - "$port" "$token" <<'PY' 2>/dev/null
import sys, urllib.request
request = urllib.request.Request(f"http://127.0.0.1:{sys.argv[1]}/api/2.0/sql/warehouses", headers={"Authorization": f"Bearer {sys.argv[2]}"})
urllib.request.urlopen(request, timeout=2).read()
PY
  then
    break
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "emulator exited early:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.5
done

DATABRICKS_HOST="http://127.0.0.1:$port" DATABRICKS_TOKEN="$token" node tests/sdk-conformance/conformance.mjs || {
  echo "--- emulator log ---" >&2
  tail -50 "$log" >&2
  exit 1
}
