#!/bin/sh
# Serves the sample ledger (a year of 120 customers) with the customer portal, and prints how to
# sign in as one of its customers and as staff. Usage: scripts/portal-demo.sh [path/to/tierledger]
# PORT (default 8080) picks the port. Ctrl-C stops the server; the sample's directory is kept.
set -eu
BIN=$(cd "$(dirname "${1:-.build/debug/tierledger}")" && pwd)/$(basename "${1:-.build/debug/tierledger}")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PORT=${PORT:-8080}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tierledger-portal.XXXXXX")
echo "generating the sample ledger in $WORK (about half a minute)"
"$BIN" sample generate --out "$WORK" --policies "$ROOT/policies" --quiet
LEDGER="$WORK/ledger"
CUSTOMER=$("$BIN" license list --ledger "$LEDGER" | head -n 1 | cut -f 2)
LICENSE=$("$BIN" license list --ledger "$LEDGER" | head -n 1 | cut -f 1)
# The sample's entries run a little ahead of today's date, so the token's entry is dated after them.
TIERLEDGER_ALLOW_FUTURE_TIME=1 "$BIN" token issue --ledger "$LEDGER" --customer "$CUSTOMER" --days 90 \
    --label "portal demo" --key "$WORK/keys/DEMO-ONLY-admin.pem" > "$WORK/$CUSTOMER.token" 2>/dev/null
cat <<TEXT

The portal: http://127.0.0.1:$PORT/portal
Sign in as the customer $CUSTOMER (license $LICENSE) with the token in $WORK/$CUSTOMER.token:
  $(cat "$WORK/$CUSTOMER.token")
Staff (read-only pages; decisions stay on the command line), in another terminal:
  $BIN portal sign-in --server http://127.0.0.1:$PORT --key $WORK/keys/DEMO-ONLY-deal.pem
and open the link it prints within 60 seconds.

TEXT
exec "$BIN" serve --ledger "$LEDGER" --listen "127.0.0.1:$PORT"
