#!/usr/bin/env python3
"""A reference license check, written from docs/format.md section 15 alone, in Python with `cryptography`.

It answers what `tierledger license check` answers, in the same order: the certificate reads; the
checkpoint is signed by the log key (and cosigned by the witnesses given); the entry is in the tree;
it is a license.certify entry signed by the key the certificate carries; then time, status, term
and grace, and the product's questions (a feature, quota use, seats).

Usage: license_check.py FILE --vkey VKEY [--witness VKEY ...] [--quorum N] [--feature F]
                        [--quota METRIC=N ...] [--seats N] [--at TIME] [--max-checkpoint-age DAYS]
Prints one JSON object {"allowed": ..., "code": ...}; exit status 0 allowed, 1 denied, 2 usage.
"""

import argparse
import base64
import datetime
import hashlib
import json
import struct
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_der_public_key

sys.path.insert(0, __import__("os").path.dirname(__file__))
from verify import Bad, check_signature, parse  # noqa: E402  (the entry rules of docs/format.md 2-5)

BEGIN = "-----BEGIN TIERLEDGER LICENSE-----"
END = "-----END TIERLEDGER LICENSE-----"
FORMAT = "tierledger-license/1"


class Denied(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code


def millis(text):
    """RFC 3339 UTC with milliseconds, or a date, to milliseconds since 1970."""
    if len(text) == 10:
        text += "T00:00:00.000Z"
    if len(text) == 20:
        text = text[:-1] + ".000Z"
    moment = datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.timezone.utc)
    return int(moment.timestamp() * 1000 + 0.5)


def vkey(text, kind):
    name, key_id, key = text.split("+", 2)
    raw = base64.b64decode(key)
    if raw[0] != kind or len(raw) != 33:
        raise ValueError("not a verifier key of type %d" % kind)
    return name, bytes.fromhex(key_id), Ed25519PublicKey.from_public_bytes(raw[1:])


def note_parts(note):
    text, _, rest = note.partition("\n\n")
    text += "\n"
    signatures = []
    for line in rest.split("\n"):
        if line.startswith("\u2014 "):
            name, _, payload = line[2:].rpartition(" ")
            signatures.append((name, base64.b64decode(payload)))
    return text, signatures


def leaf(line):
    return hashlib.sha256(b"\x00" + line).digest()


def node(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def inclusion_root(index, size, leaf_hash, proof):
    """RFC 9162 2.1.3.2; None when the proof has the wrong length."""
    if index >= size:
        return None
    fn, sn, r = index, size - 1, leaf_hash
    for p in proof:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = node(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node(r, p)
        fn >>= 1
        sn >>= 1
    return r if sn == 0 else None


def check(text, args, at):
    # The certificate reads.
    try:
        lines = [l.rstrip("\r") for l in text.split("\n")]
        body = "".join(lines[lines.index(BEGIN) + 1:lines.index(END)])
        cert = json.loads(base64.b64decode(body, validate=True))
        assert isinstance(cert, dict) and set(cert) == {"checkpoint", "entry", "format", "proof", "signer_key"}
        assert cert["format"] == FORMAT and set(cert["proof"]) == {"hashes", "leaf_index", "tree_size"}
        entry_line = base64.b64decode(cert["entry"], validate=True)
        signer_key = base64.b64decode(cert["signer_key"], validate=True)
        proof = [base64.b64decode(h, validate=True) for h in cert["proof"]["hashes"]]
        index, size = cert["proof"]["leaf_index"], cert["proof"]["tree_size"]
        assert all(len(h) == 32 for h in proof) and 0 <= index < size
    except Exception:
        raise Denied("malformed")
    # The checkpoint: the log's signature, then the witnesses.
    name, key_id, log_key = vkey(args.vkey, 0x01)
    note_text, signatures = note_parts(cert["checkpoint"])
    head = note_text.split("\n")
    if head[0] != name:
        raise Denied("checkpoint")
    logged = False
    for signer, payload in signatures:
        if signer == name and payload[:4] == key_id:
            try:
                log_key.verify(payload[4:], note_text.encode())
            except InvalidSignature:
                raise Denied("checkpoint")
            logged = True
    if not logged:
        raise Denied("checkpoint")
    newest_cosignature = 0
    if args.witness:
        cosigned = 0
        for text_key in args.witness:
            w_name, w_id, w_key = vkey(text_key, 0x04)
            for signer, payload in signatures:
                if signer == w_name and payload[:4] == w_id:
                    timestamp = struct.unpack(">Q", payload[4:12])[0]
                    try:
                        w_key.verify(payload[12:], b"cosignature/v1\ntime %d\n" % timestamp + note_text.encode())
                    except InvalidSignature:
                        raise Denied("not-witnessed")
                    cosigned += 1
                    newest_cosignature = max(newest_cosignature, timestamp * 1000)
                    break
        if cosigned < (args.quorum if args.quorum is not None else len(args.witness)):
            raise Denied("not-witnessed")
    tree_size, root = int(head[1]), base64.b64decode(head[2])
    # The entry is in the tree.
    if size != tree_size or inclusion_root(index, size, leaf(entry_line), proof) != root:
        raise Denied("not-in-log")
    # A certification, signed by the key the certificate carries.
    try:
        entry = parse(entry_line)
    except Bad:
        raise Denied("not-a-certification")
    if entry["seq"] != index:
        raise Denied("not-in-log")
    if entry["type"] != "license.certify":
        raise Denied("not-a-certification")
    if hashlib.sha256(signer_key).hexdigest() != entry["signer"]:
        raise Denied("signature")
    try:
        check_signature(entry, {entry["signer"]: load_der_public_key(signer_key)})
    except (Bad, ValueError):
        raise Denied("signature")
    body = entry["body"]
    # Time, freshness, status, term and grace.
    issued = millis(entry["time"])
    if at < issued:
        raise Denied("not-yet-valid")
    if args.max_checkpoint_age is not None:
        newest = max(issued, newest_cosignature)
        if (at - newest) // 86_400_000 > args.max_checkpoint_age:
            raise Denied("checkpoint-too-old")
    if body["status"] in ("suspended", "terminated"):
        raise Denied(body["status"])
    if at < millis(body["term_start"]):
        raise Denied("not-yet-valid")
    term_end = millis(body["term_end"])
    if at >= term_end + body["grace_days"] * 86_400_000:
        raise Denied("expired")
    # What the product asks.
    if args.feature is not None and args.feature not in body["features"]:
        raise Denied("feature-not-granted")
    for item in args.quota:
        metric, amount = item.split("=")
        limits = [q["limit"] for q in body["quotas"] if q["metric"] == metric]
        if not limits:
            raise Denied("no-such-quota")
        if int(amount) > limits[0]:
            raise Denied("quota-exceeded")
    if args.seats is not None and args.seats > body["seats"]:
        raise Denied("seats-exceeded")
    return "in-grace" if at >= term_end else "valid"


def main(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--vkey", required=True)
    parser.add_argument("--witness", action="append", default=[])
    parser.add_argument("--quorum", type=int)
    parser.add_argument("--feature")
    parser.add_argument("--quota", action="append", default=[])
    parser.add_argument("--seats", type=int)
    parser.add_argument("--at")
    parser.add_argument("--max-checkpoint-age", type=lambda t: int(t.rstrip("d")))
    args = parser.parse_args(argv)
    at = millis(args.at) if args.at else int(datetime.datetime.now(datetime.timezone.utc).timestamp() * 1000)
    with open(args.file, encoding="utf-8", errors="replace") as handle:
        text = handle.read()
    try:
        code = check(text, args, at)
        print(json.dumps({"allowed": True, "code": code}))
        return 0
    except Denied as denied:
        print(json.dumps({"allowed": False, "code": denied.code}))
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
