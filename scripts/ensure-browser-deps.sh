#!/bin/sh
# Installs what the browser tests need where it is missing: headless Chromium and its WebDriver
# (Debian's chromium and chromium-driver), Selenium and axe-core (PyPI: selenium, and
# axe-selenium-python, which bundles axe.min.js). The tests point Selenium at Debian's chromedriver
# with SE_AVOID_STATS=true, so nothing is downloaded when they run. Safe to run repeatedly.
set -eu

missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
[ -x /usr/bin/chromedriver ] || command -v chromedriver >/dev/null 2>&1 || missing="$missing chromium-driver"
command -v python3 >/dev/null 2>&1 || missing="$missing python3 python3-pip"
# shellcheck disable=SC2086
sh "$(dirname "$0")/install-packages.sh" "tierledger's browser tests" $missing

for pair in selenium:selenium axe_selenium_python:axe-selenium-python; do
    module=${pair%%:*}
    package=${pair#*:}
    if ! python3 -c "import $module" 2>/dev/null; then
        echo "installing the python3 $package package (for the browser tests)"
        python3 -m pip install --quiet "$package" || {
            echo "error: could not install it; run: python3 -m pip install $package" >&2
            exit 2
        }
    fi
done
