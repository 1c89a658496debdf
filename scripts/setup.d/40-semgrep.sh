#!/usr/bin/env bash
# semgrep in a venv of its own (.venv-semgrep at the repo root): its pinned dependencies conflict with other tools.
# Idempotent: does nothing when the venv already has the pinned version.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="$root/.venv-semgrep"
version="1.185.0"
installed="$("$venv/bin/python" -m pip show semgrep 2>/dev/null || true)"
if [ -x "$venv/bin/semgrep" ] && grep -qx "Version: $version" <<<"$installed"; then
    exit 0
fi
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --disable-pip-version-check -q "semgrep==$version"
SEMGREP_ENABLE_VERSION_CHECK=0 "$venv/bin/semgrep" --version --disable-version-check >/dev/null
