#!/bin/sh
# What `make bench-count` needs beyond the build: valgrind (callgrind counts the instructions) and
# strip from binutils (valgrind 3.19 cannot read the DWARF 5 that Swift writes, so the counted
# binary is a copy without it). Installs them with apt-get where it can; otherwise says what to install.
set -eu

missing=""
command -v valgrind >/dev/null 2>&1 || missing="$missing valgrind"
command -v strip >/dev/null 2>&1 || missing="$missing binutils"
[ -z "$missing" ] && exit 0

echo "make bench-count needs:$missing"
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
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
else
    echo "error: install these with your system's package manager, then retry:$missing" >&2
    echo "       (Debian/Ubuntu: apt-get install$missing; Fedora: dnf install$missing)" >&2
    exit 2
fi
