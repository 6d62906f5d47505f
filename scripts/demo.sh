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
run_to() { out=$1; shift; printf '$ tierledger %s > %s\n' "$*" "$out"; "$BIN" "$@" > "$out"; }

step "1. Keys: an Ed25519 admin key (also the log key) and a P-256 key for the deal desk"
echo "(unencrypted here to keep the demo unattended; leave out --no-encrypt for real keys)"
run keys generate --out admin.pem --no-encrypt
run keys generate --out deskbot.pem --algorithm p256 --no-encrypt

step "2. A new ledger; entry 0 records the origin, the log key and the first admin"
run init --ledger ledger --origin vendor.example/licensing --key admin.pem

step "3. The admin enrols the deal desk as a principal with roles and a key"
run principal enroll deal-desk --role operator --role proposer --public-key deskbot.pem.pub --ledger ledger --key admin.pem

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

step "7. A checkpoint an auditor keeps: the ledger's size and Merkle root, signed with the log key"
run checkpoint --ledger ledger --key admin.pem --out auditor.checkpoint

step "8. A tampered copy: acme-corp's 25 seats quietly become 250"
cp -r ledger tampered
sed -i 's/"seats":25,/"seats":250,/' tampered/entries.jsonl
set +e
run verify --ledger tampered
status=$?
set -e
echo "(exit status $status: 1 means an integrity failure)"
[ "$status" -eq 1 ] || { echo "demo: expected verify to fail on the tampered copy" >&2; exit 1; }

step "9. A truncated copy: the last entry removed. It verifies on its own, but not against the checkpoint"
cp -r ledger truncated
head -n 4 ledger/entries.jsonl > truncated/entries.jsonl
set +e
run verify --ledger truncated --checkpoint auditor.checkpoint
status=$?
set -e
echo "(exit status $status)"
[ "$status" -eq 1 ] || { echo "demo: expected verify --checkpoint to fail on the truncated copy" >&2; exit 1; }

step "10. Proof that entry 2 is in the checkpointed tree, checked without the ledger"
run_to inclusion.json proof inclusion 2 --ledger ledger --json
run_to entry-2.jsonl log --ledger ledger --json --from 2 --to 2
run proof verify inclusion.json --entry entry-2.jsonl --checkpoint auditor.checkpoint \
    --vkey "$("$BIN" keys show admin.pem.pub --vkey --name vendor.example/licensing)"

step "11. An auditor checks entry 2 by hand, with openssl and sed only (docs/format.md)"
sh "$SCRIPTS/check-entry-by-hand.sh" ledger 2 deskbot.pem.pub

step "12. Reports on a year of a license book (ledger-samples/acme: 120 customers, 2,182 entries)"
cp -r "$SCRIPTS/../ledger-samples/acme/ledger" acme && rm -rf acme/merkle acme/entries.idx acme/writer.lock
printf '$ tierledger report audit --ledger acme --from 2026-01-01 --to 2026-03-31   (first lines)\n'
"$BIN" report audit --ledger acme --from 2026-01-01 --to 2026-03-31 --quiet | sed -n '1,24p'
printf '...\n$ tierledger report health --ledger acme   (the summary and the most urgent findings)\n'
"$BIN" report health --ledger acme --quiet | grep -E '^[0-9]+ findings|^\| critical' | head -n 6
run report changelog --ledger acme --format html --out changelog.html --quiet
run report audit --ledger acme --from 2026-01-01 --to 2026-03-31 --format json --out q1-audit.json --sign admin.pem --quiet
openssl pkeyutl -verify -pubin -inkey q1-audit.json.pub -rawin -in q1-audit.json -sigfile q1-audit.json.sig

printf '\nDone. The demo ledger lived in %s and is removed now.\n' "$WORK"
