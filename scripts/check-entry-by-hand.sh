#!/bin/sh
# Checks one ledger entry with standard tools only (sed, base64, sha256sum, openssl), exactly as
# docs/format.md describes, without tierledger. Usage:
#   scripts/check-entry-by-hand.sh LEDGER_DIR SEQ SIGNER_PUBLIC_KEY.pem
set -eu
ledger=$1 seq=$2 pub=$3
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT

# The entry is line SEQ+1 of entries.jsonl (the newline is not part of it).
line=$(sed -n "$((seq + 1))p" "$ledger/entries.jsonl")
[ -n "$line" ] || { echo "no entry $seq" >&2; exit 2; }

# The members after "body" have a fixed shape, so the top-level "sig" is found from the end of the line.
tail_re='(,"signer":"[0-9a-f]{64}","time":"[^"]*","type":"[^"]*"\}$)'
printf '%s' "$line" | sed -E "s/.*,\"sig\":\"([A-Za-z0-9+\/=]*)\"$tail_re/\1/" | base64 -d > "$tmp/sig"
{ printf 'tierledger/entry/v1\n'; printf '%s' "$line" | sed -E "s/,\"sig\":\"[A-Za-z0-9+\/=]*\"$tail_re/\1/"; } > "$tmp/msg"

signer=$(printf '%s' "$line" | sed -E 's/.*,"signer":"([0-9a-f]{64})".*/\1/')
keyid=$(openssl pkey -pubin -in "$pub" -outform DER | sha256sum | cut -d' ' -f1)
echo "entry $seq signer:   $signer"
echo "key id of $pub: $keyid"
[ "$signer" = "$keyid" ] || { echo "the entry was signed by another key" >&2; exit 1; }

echo "entry $seq sha256 (the next entry's prev): $(printf '%s' "$line" | sha256sum | cut -d' ' -f1)"
if openssl pkey -pubin -in "$pub" -noout -text 2>/dev/null | grep -q ED25519; then
    openssl pkeyutl -verify -pubin -inkey "$pub" -rawin -in "$tmp/msg" -sigfile "$tmp/sig"
else
    openssl dgst -sha256 -verify "$pub" -signature "$tmp/sig" "$tmp/msg"
fi
