#!/bin/sh
# The main job on a temporary ledger: keys, init, enrolment, appends, verify, and a tampered
# copy that verify pinpoints. Usage: scripts/demo.sh [path/to/tierledger]
set -eu
BIN=$(cd "$(dirname "${1:-.build/debug/tierledger}")" && pwd)/$(basename "${1:-.build/debug/tierledger}")
SCRIPTS=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tierledger-demo.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ tierledger %s\n' "$*"; "$BIN" "$@"; }

step "1. Keys: an Ed25519 admin key (also the log key) and a P-256 key for the deal desk"
echo "(unencrypted here to keep the demo unattended; leave out --no-encrypt for real keys)"
run keys generate --out admin.pem --no-encrypt
run keys generate --out deskbot.pem --algorithm p256 --no-encrypt

step "2. A new ledger; entry 0 records the origin, the log key and the first admin"
run init --ledger ledger --origin vendor.example/licensing --key admin.pem

step "3. The admin enrols the deal desk's key"
run keys enroll deskbot.pem.pub --ledger ledger --label deal-desk --key admin.pem

step "4. Appends, each durable before it is acknowledged"
run append --ledger ledger --type license.note --key deskbot.pem \
    --body '{"customer":"acme-corp","event":"issue","tier":"business","seats":25,"price_minor":1250000}'
run append --ledger ledger --type license.note --key deskbot.pem \
    --body '{"customer":"globex","event":"issue","tier":"team","seats":10,"price_minor":240000}'
run append --ledger ledger --type license.note --key admin.pem \
    --body '{"customer":"acme-corp","event":"upgrade","tier":"enterprise","seats":40,"price_minor":3600000}'

step "5. The log"
run log --ledger ledger

step "6. Verify: chain, canonical form, authority and every signature"
run verify --ledger ledger

step "7. A tampered copy: acme-corp's 25 seats quietly become 250"
cp -r ledger tampered
sed -i 's/"seats":25,/"seats":250,/' tampered/entries.jsonl
set +e
run verify --ledger tampered
status=$?
set -e
echo "(exit status $status: 1 means an integrity failure)"
[ "$status" -eq 1 ] || { echo "demo: expected verify to fail on the tampered copy" >&2; exit 1; }

step "8. An auditor checks entry 2 by hand, with openssl and sed only (docs/format.md)"
sh "$SCRIPTS/check-entry-by-hand.sh" ledger 2 deskbot.pem.pub

printf '\nDone. The demo ledger lived in %s and is removed now.\n' "$WORK"
