#!/usr/bin/env bash
# System packages: libsecp256k1 (signing), SQLite (event store), pkg-config (SwiftPM finds libsecp256k1 with it).
set -euo pipefail
packages=(libsecp256k1-dev pkg-config libsqlite3-dev sqlite3 curl)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}"
fi
