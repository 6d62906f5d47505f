#!/bin/sh
# Installs the PostgreSQL server (Debian's postgresql package) where its programs are missing, for the
# PostgreSQL store's tests, which start a throwaway cluster of their own. Safe to run repeatedly.
set -eu

for dir in /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/initdb" ] && [ -x "$dir/postgres" ] && [ -x "$dir/pg_ctl" ]; then
        found=$dir
    fi
done
if [ -n "${found:-}" ] && { [ "$(id -u)" != "0" ] || id postgres >/dev/null 2>&1; }; then
    exit 0
fi
exec sh "$(dirname "$0")/install-packages.sh" "tierledger's PostgreSQL store tests" postgresql
