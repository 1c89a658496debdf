#!/usr/bin/env bash
# Mythril in a venv of its own (.venv-mythril at the repo root): it pins old web3/eth libraries.
# Only bytecode analysis is used, so no solc is needed. Idempotent.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="$root/.venv-mythril"
version="0.24.8"
installed="$("$venv/bin/python" -m pip show mythril 2>/dev/null || true)"
if [ -x "$venv/bin/myth" ] && grep -qx "Version: $version" <<<"$installed"; then
    exit 0
fi
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --disable-pip-version-check -q "mythril==$version"
"$venv/bin/myth" version >/dev/null
