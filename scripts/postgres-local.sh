#!/bin/sh
# Starts a local PostgreSQL cluster for trying the PostgreSQL store: initdb into DIR (default
# ./pg-local), a server on 127.0.0.1:PORT (default 54329) with its socket in DIR, trust
# authentication on loopback only. Prints the URL to give `tierledger init --store`.
#   sh scripts/postgres-local.sh [DIR] [PORT]      start (creating the cluster the first time)
#   sh scripts/postgres-local.sh stop [DIR]        stop it (then rm -rf DIR to remove it)
# For trying things out, not for production: docs/operations.md says how to run it for real.
set -eu

sh "$(dirname "$0")/ensure-postgres.sh"
bin=""
for dir in /usr/lib/postgresql/*/bin; do [ -x "$dir/initdb" ] && bin=$dir; done
[ -n "$bin" ] || bin=$(dirname "$(command -v initdb)")

as_owner() {
    # initdb and postgres refuse to run as root: run them as the postgres user the package creates.
    if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "${1:-}" = "stop" ]; then
    data=$(cd "${2:-pg-local}" && pwd)/data
    as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop
    exit 0
fi

mkdir -p "${1:-pg-local}"
root=$(cd "${1:-pg-local}" && pwd)
port=${2:-54329}
[ "$(id -u)" = "0" ] && chown postgres "$root"
if [ ! -f "$root/data/PG_VERSION" ]; then
    as_owner "$bin/initdb" -D "$root/data" -U tierledger -A trust -E UTF8 --locale=C >/dev/null
fi
as_owner "$bin/pg_ctl" -D "$root/data" -l "$root/server.log" -w \
    -o "-p $port -k $root -c listen_addresses=127.0.0.1" start >/dev/null
echo "PostgreSQL is running in $root on 127.0.0.1:$port (stop: sh scripts/postgres-local.sh stop $root)"
echo "a ledger URL: postgres://tierledger@127.0.0.1:$port/postgres?ledger=licensing"
