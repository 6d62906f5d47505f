#!/bin/sh
# Installs Debian packages with apt-get (as root, or with passwordless sudo); otherwise says exactly
# what to run. Usage: install-packages.sh "WHAT NEEDS THEM" PACKAGE...   (no packages: nothing to do)
# Shared by every ensure-*.sh script, so each only decides what is missing.
set -eu

who=$1
shift
[ $# -eq 0 ] && exit 0
missing=" $*"

echo "$who needs:$missing"
if command -v apt-get >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ]; then
        SUDO=""
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO="sudo"
    else
        echo "error: run this once, then retry:  sudo apt-get install -y$missing" >&2
        exit 2
    fi
    echo "installing with apt-get:$missing"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@"
else
    echo "error: install these with your system's package manager, then retry:$missing" >&2
    echo "       (Debian and Ubuntu package names; Fedora: dnf, macOS: brew, names may differ)" >&2
    exit 2
fi
