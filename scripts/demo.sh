#!/bin/sh
# The main job on a temporary ledger: keys, init, enrolment, appends, verify, and a tampered
# copy that verify pinpoints. Usage: scripts/demo.sh [path/to/tierledger]
#
# Every command is printed as it can be pasted into a shell (with tierledger on the PATH), and the
# demo's directory is kept at the end for you to try more. Colour only on a terminal, and never
# with NO_COLOR set (https://no-color.org).
set -eu
BIN=$(cd "$(dirname "${1:-.build/debug/tierledger}")" && pwd)/$(basename "${1:-.build/debug/tierledger}")
SCRIPTS=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tierledger-demo.XXXXXX")
trap 'status=$?; [ "$status" -eq 0 ] || printf "\ndemo: stopped (exit status %s); its files are in %s\n" "$status" "$WORK" >&2' EXIT
cd "$WORK"
if [ -t 1 ] && [ -z "${NO_COLOR-}" ]; then
    BOLD=$(printf '\033[1m') PLAIN=$(printf '\033[0m')
else
    BOLD='' PLAIN=''
fi
step() { printf '\n%s== %s%s\n' "$BOLD" "$*" "$PLAIN"; }
# One word as a shell would need it: as it is when it holds only safe characters, else in single quotes.
quote() {
    case $1 in
        '' | *[!A-Za-z0-9_./:=@%+,-]*) printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")" ;;
        *) printf '%s' "$1" ;;
    esac
}
# Prints a command line that pastes as it runs.
show() {
    printf '$'
    for word in "$@"; do printf ' '; quote "$word"; done
    printf '\n'
}
run() { show tierledger "$@"; "$BIN" "$@"; }
# Prints a command line followed by SUFFIX, a redirection or a pipe as typed.
show_with() { suffix=$1; shift; show "$@" | tr -d '\n'; printf ' %s\n' "$suffix"; }
run_to() { out=$1; shift; show_with "> $(quote "$out")" tierledger "$@"; "$BIN" "$@" > "$out"; }
also() { show "$@"; "$@"; }
printf 'tierledger below is %s; with its directory on your PATH, every $ line pastes as shown.\n' "$BIN"
printf 'Working in %s.\n' "$WORK"

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
also cp -r ledger tampered
also sed -i 's/"seats":25,/"seats":250,/' tampered/entries.jsonl
set +e
run verify --ledger tampered
status=$?
set -e
echo "(exit status $status: 1 means an integrity failure)"
[ "$status" -eq 1 ] || { echo "demo: expected verify to fail on the tampered copy" >&2; exit 1; }

step "9. A truncated copy: the last entry removed. It verifies on its own, but not against the checkpoint"
also cp -r ledger truncated
show_with "> truncated/entries.jsonl" head -n 4 ledger/entries.jsonl
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
printf '%s\n' '$ VKEY=$(tierledger keys show admin.pem.pub --vkey --name vendor.example/licensing)'
VKEY=$("$BIN" keys show admin.pem.pub --vkey --name vendor.example/licensing)
show_with '--vkey "$VKEY"' tierledger proof verify inclusion.json --entry entry-2.jsonl --checkpoint auditor.checkpoint
"$BIN" proof verify inclusion.json --entry entry-2.jsonl --checkpoint auditor.checkpoint --vkey "$VKEY"

step "11. An auditor checks entry 2 by hand, with openssl and sed only (docs/format.md)"
also sh "$SCRIPTS/check-entry-by-hand.sh" ledger 2 deskbot.pem.pub

step "12. Reports on a year of a license book (ledger-samples/acme: 120 customers, 2,233 entries)"
also cp -r "$(cd "$SCRIPTS/.." && pwd)/ledger-samples/acme/ledger" acme
also rm -rf acme/merkle acme/entries.idx acme/writer.lock
echo "(the first lines of the audit summary)"
show_with "| sed -n '1,24p'" tierledger report audit --ledger acme --from 2026-01-01 --to 2026-03-31 --quiet
"$BIN" report audit --ledger acme --from 2026-01-01 --to 2026-03-31 --quiet | sed -n '1,24p'
echo "..."
echo "(the health check's summary and its most urgent findings)"
show_with "| grep -E '^[0-9]+ findings|^\\| critical' | head -n 6" tierledger report health --ledger acme --quiet
"$BIN" report health --ledger acme --quiet | grep -E '^[0-9]+ findings|^\| critical' | head -n 6
run report changelog --ledger acme --format html --out changelog.html --quiet
echo "(signed by the sample's auditor: only a role the policy's report_signers names may sign a report)"
also cp "$(cd "$SCRIPTS/.." && pwd)/ledger-samples/acme/keys/DEMO-ONLY-auditor.pem" auditor.pem
also chmod 600 auditor.pem
run report audit --ledger acme --from 2026-01-01 --to 2026-03-31 --format json --out q1-audit.json --sign auditor.pem --quiet
also openssl pkeyutl -verify -pubin -inkey q1-audit.json.pub -rawin -in q1-audit.json -sigfile q1-audit.json.sig
run report verify --ledger acme q1-audit.json

step "13. A license certificate from the sample, checked offline as a product would (docs/licensing.md)"
echo "(the sample's calendar runs into 2027; TIERLEDGER_TIME sets the command line's clock to it)"
also cp -r "$(cd "$SCRIPTS/.." && pwd)/ledger-samples/acme/keys" acme-keys
also chmod 600 acme-keys/DEMO-ONLY-admin.pem
run keys generate --out licensor.pem --no-encrypt
at_sample() { printf '$ TIERLEDGER_TIME=2027-01-25T09:00:00Z TIERLEDGER_ALLOW_FUTURE_TIME=1'; show tierledger "$@" | cut -c2-; \
    TIERLEDGER_TIME=2027-01-25T09:00:00Z TIERLEDGER_ALLOW_FUTURE_TIME=1 "$BIN" "$@"; }
at_sample principal enroll licensing-bot --role licensor --public-key licensor.pem.pub --ledger acme --key acme-keys/DEMO-ONLY-admin.pem
at_sample license certificate ACME-0086 --ledger acme --key licensor.pem --log-key acme-keys/DEMO-ONLY-admin.pem \
    --grace-days 14 --out acme-0086.license
also sed -n '1,5p' acme-0086.license
printf '%s\n' '$ ACME_VKEY=$(tierledger keys show acme-keys/DEMO-ONLY-admin.pem.pub --vkey --name demo.tierledger.example/acme)'
ACME_VKEY=$("$BIN" keys show acme-keys/DEMO-ONLY-admin.pem.pub --vkey --name demo.tierledger.example/acme)
set +e
show_with '--vkey "$ACME_VKEY" --at 2027-02-01 --seats 80' tierledger license check acme-0086.license
"$BIN" license check acme-0086.license --vkey "$ACME_VKEY" --at 2027-02-01 --seats 80
status=$?
set -e
echo "(exit status $status: 1 means denied, with the reason)"
[ "$status" -eq 1 ] || { echo "demo: expected the seat check to be denied" >&2; exit 1; }
show_with '--vkey "$ACME_VKEY" --at 2027-02-01 --feature api-access --seats 50' tierledger license check acme-0086.license
"$BIN" license check acme-0086.license --vkey "$ACME_VKEY" --at 2027-02-01 --feature api-access --seats 50

printf '\nDone. The demo ledger, its keys and every file above are kept in %s:\n' "$WORK"
printf '  cd %s && tierledger log --ledger ledger\n' "$(quote "$WORK")"
printf 'Remove the directory when you are done with it.\n'
