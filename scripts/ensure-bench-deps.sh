#!/bin/sh
# What `make bench-count` needs beyond the build: valgrind (callgrind counts the instructions) and
# strip from binutils (valgrind 3.19 cannot read the DWARF 5 that Swift writes, so the counted
# binary is a copy without it). Installs them with apt-get where it can; otherwise says what to install.
set -eu

missing=""
command -v valgrind >/dev/null 2>&1 || missing="$missing valgrind"
command -v strip >/dev/null 2>&1 || missing="$missing binutils"
# shellcheck disable=SC2086
exec sh "$(dirname "$0")/install-packages.sh" "make bench-count" $missing
