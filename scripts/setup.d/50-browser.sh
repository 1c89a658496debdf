#!/usr/bin/env bash
# Headless Chromium and its WebDriver from Debian for the status-page browser test
# (Tests/IntegrationTests/StatusPageBrowserTests.swift drives them with Selenium, pinned in requirements/browser.txt).
set -euo pipefail
packages=(chromium chromium-driver)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
