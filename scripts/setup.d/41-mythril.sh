#!/usr/bin/env bash
# Mythril in a venv of its own (.venv-mythril at the repo root): it pins old web3/eth libraries.
# Only bytecode analysis is used, so no solc is needed. Idempotent.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="$root/.venv-mythril"
version="0.24.8"
if [ -x "$venv/bin/myth" ] && "$venv/bin/python" -m pip show mythril 2>/dev/null | grep -qx "Version: $version"; then
    exit 0
fi
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --disable-pip-version-check -q "mythril==$version"
"$venv/bin/myth" version >/dev/null
