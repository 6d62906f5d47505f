#!/usr/bin/env bash
# Checks a tierledger license certificate with standard tools only (sed, tr, base64, od, date,
# openssl), exactly as docs/format.md §15 describes, without tierledger. Usage:
#   scripts/check-license-by-hand.sh CERTIFICATE LOG_VKEY [TIME]
# LOG_VKEY is the log's C2SP verifier key (`tierledger keys show LOG.pub --vkey --name ORIGIN`);
# TIME (RFC 3339 or a date, default now) is the moment checked. Prints "allowed: <code>: …" and
# exits 0, or "denied: <code>: …" and exits 1; the codes are those of `tierledger license check`.
# It checks validity only; features, quotas and seats are in the printed entitlements.
set -euo pipefail
cert=$1 vkey=$2 at=${3:-now}
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
deny() { echo "denied: $1: $2"; exit 1; }

# 1. The armour: the base64 lines between BEGIN and END are the certificate's RFC 8785 JSON, whose
#    members are checkpoint, entry, format, proof and signer_key (in that order, no whitespace).
grep -q $'^-----END TIERLEDGER LICENSE-----\r\\{0,1\\}$' "$cert" || deny malformed "no END line: the certificate is cut short"
sed -n '/^-----BEGIN TIERLEDGER LICENSE-----\r\{0,1\}$/,/^-----END TIERLEDGER LICENSE-----\r\{0,1\}$/p' "$cert" \
    | sed '1d;$d' | tr -d '\r\n' > "$tmp/armour"
base64 -d < "$tmp/armour" > "$tmp/cert.json" 2>/dev/null || deny malformed "the armour is not base64"
json=$(cat "$tmp/cert.json")
member() { printf '%s' "$json" | sed -nE "s/.*\"$1\":\"([^\"]*)\".*/\1/p"; }
number() { printf '%s' "$json" | sed -nE "s/.*\"$1\":([0-9]+).*/\1/p"; }
[ "$(member format)" = "tierledger-license/1" ] || deny malformed "not a tierledger-license/1 certificate"
index=$(number leaf_index) size=$(number tree_size)
hashes=$(printf '%s' "$json" | sed -nE 's/.*"hashes":\[([^]]*)\].*/\1/p' | tr -d '"' | tr ',' ' ')
[ -n "$index" ] && [ -n "$size" ] && [ -n "$(member entry)" ] && [ -n "$(member signer_key)" ] && [ -n "$(member checkpoint)" ] \
    || deny malformed "a member is missing"

# 2. The checkpoint (§12): its text up to the blank line is signed by the log key. The verifier key
#    is <origin>+<hex key id>+<base64(0x01 || 32-byte Ed25519 key)>.
printf '%b' "$(member checkpoint)" > "$tmp/checkpoint"
origin=${vkey%%+*} rest=${vkey#*+}
keyid=${rest%%+*}
printf '%s' "${rest#*+}" | base64 -d > "$tmp/vkey.bin" 2>/dev/null || { echo "not a verifier key: $vkey" >&2; exit 2; }
{ printf '\x30\x2a\x30\x05\x06\x03\x2b\x65\x70\x03\x21\x00'; tail -c 32 "$tmp/vkey.bin"; } > "$tmp/log.der"
sed '/^$/q' "$tmp/checkpoint" | sed '$d' > "$tmp/signed.txt"
[ "$(sed -n 1p "$tmp/signed.txt")" = "$origin" ] || deny checkpoint "the checkpoint is not of log $origin"
line=$(grep -F -- "— $origin " "$tmp/checkpoint" | head -n 1) || deny checkpoint "no signature by $origin"
printf '%s' "${line##* }" | base64 -d > "$tmp/logsig" 2>/dev/null || deny checkpoint "the signature is not base64"
[ "$(head -c 4 "$tmp/logsig" | od -An -tx1 | tr -d ' \n')" = "$keyid" ] || deny checkpoint "signed by another key"
tail -c +5 "$tmp/logsig" > "$tmp/logsig.bin"
openssl pkeyutl -verify -pubin -keyform DER -inkey "$tmp/log.der" -rawin -in "$tmp/signed.txt" -sigfile "$tmp/logsig.bin" \
    > /dev/null 2>&1 || deny checkpoint "the log's signature does not verify"
[ "$(sed -n 2p "$tmp/signed.txt")" = "$size" ] || deny not-in-log "the proof is for another tree size than the checkpoint's"
sed -n 3p "$tmp/signed.txt" | base64 -d > "$tmp/root"

# 3. Inclusion (RFC 9162 §2.1.3.2): the leaf hash SHA-256(0x00 || entry line), then the proof's
#    hashes with 0x01 before each pair, must lead to the checkpoint's root.
printf '%s' "$(member entry)" | base64 -d > "$tmp/entry"
sha() { openssl dgst -sha256 -binary; }
{ printf '\x00'; cat "$tmp/entry"; } | sha > "$tmp/r"
fn=$index sn=$((size - 1))
[ "$fn" -lt "$size" ] || deny not-in-log "the leaf index is outside the tree"
for p in $hashes; do
    [ "$sn" -ne 0 ] || deny not-in-log "the proof is too long"
    printf '%s' "$p" | base64 -d > "$tmp/p"
    if [ $((fn & 1)) -eq 1 ] || [ "$fn" -eq "$sn" ]; then
        { printf '\x01'; cat "$tmp/p" "$tmp/r"; } | sha > "$tmp/next"
        while [ $((fn & 1)) -eq 0 ] && [ "$fn" -ne 0 ]; do fn=$((fn >> 1)) sn=$((sn >> 1)); done
    else
        { printf '\x01'; cat "$tmp/r" "$tmp/p"; } | sha > "$tmp/next"
    fi
    mv "$tmp/next" "$tmp/r"
    fn=$((fn >> 1)) sn=$((sn >> 1))
done
[ "$sn" -eq 0 ] && cmp -s "$tmp/r" "$tmp/root" || deny not-in-log "the proof does not lead to the checkpoint's root"

# 4. The entry (§2, §4): entry number leaf_index, type license.certify, signed by the key the
#    certificate carries (its id is the SHA-256 of the DER key).
entry=$(cat "$tmp/entry")
tail_re='(,"signer":"[0-9a-f]{64}","time":"[^"]*","type":"[^"]*"\}$)'
[ "$(printf '%s' "$entry" | sed -nE "s/.*,\"seq\":([0-9]+),\"sig\".*/\1/p")" = "$index" ] || deny not-in-log "the entry's number is not the leaf index"
[ "$(printf '%s' "$entry" | sed -nE 's/.*,"type":"([^"]*)"\}$/\1/p')" = "license.certify" ] || deny not-a-certification "the entry is not a license.certify"
printf '%s' "$(member signer_key)" | base64 -d > "$tmp/licensor.der"
signer=$(printf '%s' "$entry" | sed -nE 's/.*,"signer":"([0-9a-f]{64})".*/\1/p')
[ "$(sha256sum < "$tmp/licensor.der" | cut -d' ' -f1)" = "$signer" ] || deny signature "the certificate's key is not the entry's signer"
printf '%s' "$entry" | sed -E "s/.*,\"sig\":\"([A-Za-z0-9+\/=]*)\"$tail_re/\1/" | base64 -d > "$tmp/sig"
{ printf 'tierledger/entry/v1\n'; printf '%s' "$entry" | sed -E "s/,\"sig\":\"[A-Za-z0-9+\/=]*\"$tail_re/\1/"; } > "$tmp/msg"
if openssl pkey -pubin -inform DER -in "$tmp/licensor.der" -noout -text 2>/dev/null | grep -q ED25519; then
    openssl pkeyutl -verify -pubin -keyform DER -inkey "$tmp/licensor.der" -rawin -in "$tmp/msg" -sigfile "$tmp/sig" > /dev/null 2>&1
else
    openssl dgst -sha256 -verify "$tmp/licensor.der" -keyform DER -signature "$tmp/sig" "$tmp/msg" > /dev/null 2>&1
fi || deny signature "the entry's signature does not verify"

# 5. Time (§6.7): not before the entry, not suspended or terminated, within the term plus grace.
body=$(printf '%s' "$entry" | sed -E 's/^\{"body":(.*),"prev":"[0-9a-f]{64}",.*/\1/')
get() { printf '%s' "$body" | sed -nE "s/.*\"$1\":\"?([^\",}]*)\"?[,}].*/\1/p"; }
echo "entitlements: $body"
time=$(printf '%s' "$entry" | sed -nE 's/.*,"time":"([^"]*)","type":"[^"]*"\}$/\1/p')
now=$(date -u -d "$at" +%s) issued=$(date -u -d "$time" +%s)
start=$(date -u -d "$(get term_start)" +%s) end=$(date -u -d "$(get term_end)" +%s)
grace_end=$((end + $(get grace_days) * 86400))
[ "$now" -ge "$issued" ] || deny not-yet-valid "issued at $time"
case $(get status) in suspended | terminated) deny "$(get status)" "the license is $(get status)" ;; esac
[ "$now" -ge "$start" ] || deny not-yet-valid "the term starts at $(get term_start)"
[ "$now" -lt "$grace_end" ] || deny expired "expired at $(get term_end)"
if [ "$now" -ge "$end" ]; then echo "allowed: in-grace: the term ended at $(get term_end)"; exit 0; fi
echo "allowed: valid: until $(get term_end)"
