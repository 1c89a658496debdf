#!/usr/bin/env bash
# Python packages the tests and the dev chain use, pinned in requirements files.
set -euo pipefail
reqs=()
for f in requirements/*.txt; do [ -f "$f" ] && reqs+=(-r "$f"); done
if [ ${#reqs[@]} -gt 0 ]; then
    python3 -m pip install --disable-pip-version-check -q "${reqs[@]}"
fi
