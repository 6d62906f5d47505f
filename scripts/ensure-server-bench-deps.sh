#!/bin/sh
# What the server benchmark of `make bench` needs beyond the build: wrk (the load generator) and
# nginx (the baseline: the same bytes served as static files on this machine), and curl (fetches
# those bytes from `tierledger serve` first). Installs them with apt-get where it can; otherwise
# says what to install. Only the nginx program is used: the benchmark starts its own instance on a
# loopback port with a generated configuration in a temporary directory, never the system service.
set -eu

missing=""
command -v wrk >/dev/null 2>&1 || missing="$missing wrk"
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing="$missing nginx"
command -v curl >/dev/null 2>&1 || missing="$missing curl"
# shellcheck disable=SC2086
exec sh "$(dirname "$0")/install-packages.sh" "the server benchmark of make bench" $missing
