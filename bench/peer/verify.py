#!/usr/bin/env python3
"""A peer verifier for tierledger ledgers, written from docs/format.md alone.

It checks what the format guarantees (docs/format.md sections 2 to 5): every line is the RFC 8785
canonical form of an entry with exactly the seven members, sequence numbers run 0, 1, 2, ...,
each `prev` is the SHA-256 of the line before, time never goes backwards, and every signature is
valid for its signer's key. Keys are those entry 0 names and those `principal.enroll`,
`principal.rotate-key` and `key.enroll` entries add. It does not re-run the governance rules of
section 6 (roles, revocations, approvals); `tierledger verify` does.

Usage: verify.py LEDGER_DIR [--json]
Exit status: 0 intact, 1 a failure (the first bad entry is named), 2 a usage error.
It needs Python 3.9+ and the `cryptography` package.
"""

import base64
import hashlib
import json
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat, load_der_public_key

CONTEXT = b"tierledger/entry/v1\n"
MEMBERS = {"body", "prev", "seq", "sig", "signer", "time", "type"}
MAX_INT = 2**53 - 1
MAX_DEPTH = 64
MAX_LINE = 1_048_576
P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


class Bad(Exception):
    pass


def canonical(value, depth=0):
    """RFC 8785 restricted to integers (docs/format.md 2.1)."""
    if depth > MAX_DEPTH:
        raise Bad("nested deeper than 64 levels")
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        if abs(value) > MAX_INT:
            raise Bad("integer beyond 2^53-1")
        return str(value)
    if isinstance(value, str):
        out = []
        for ch in value:
            if ch in ESCAPES:
                out.append(ESCAPES[ch])
            elif ord(ch) < 0x20:
                out.append("\\u%04x" % ord(ch))
            else:
                out.append(ch)
        return '"' + "".join(out) + '"'
    if isinstance(value, list):
        return "[" + ",".join(canonical(v, depth + 1) for v in value) + "]"
    if isinstance(value, dict):
        names = sorted(value, key=lambda k: k.encode("utf-16-be"))
        return "{" + ",".join(canonical(k, depth) + ":" + canonical(value[k], depth + 1) for k in names) + "}"
    raise Bad("a value that is not JSON")


def no_floats(text):
    raise Bad("a number with a fraction or exponent")


def unique_members(pairs):
    seen = {}
    for name, value in pairs:
        if name in seen:
            raise Bad("duplicate member %r" % name)
        seen[name] = value
    return seen


def parse(line):
    if len(line) > MAX_LINE:
        raise Bad("line longer than 1,048,576 bytes")
    try:
        text = line.decode("utf-8")
        entry = json.loads(text, parse_float=no_floats, parse_constant=no_floats, object_pairs_hook=unique_members)
    except (UnicodeDecodeError, ValueError) as error:
        raise Bad("not JSON: %s" % error)
    if not isinstance(entry, dict) or set(entry) != MEMBERS:
        raise Bad("an entry has exactly the members " + ", ".join(sorted(MEMBERS)))
    try:
        again = canonical(entry).encode("utf-8")
    except UnicodeEncodeError:
        raise Bad("a lone surrogate in a string")
    if again != line:
        at = next((i for i, (a, b) in enumerate(zip(line, again)) if a != b), min(len(line), len(again)))
        raise Bad("not in canonical form (first difference at byte %d)" % at)
    return entry


def add_key(keys, descriptor):
    if not isinstance(descriptor, dict):
        raise Bad("a key descriptor is an object")
    der = base64.b64decode(descriptor.get("spki", ""), validate=True)
    key_id = hashlib.sha256(der).hexdigest()
    if descriptor.get("key_id") != key_id:
        raise Bad("key_id is not the SHA-256 of spki")
    key = load_der_public_key(der)
    if key.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo) != der:
        raise Bad("spki is not the key's canonical DER (P-256 points uncompressed)")
    keys[key_id] = key


def check_signature(entry, keys):
    key = keys.get(entry["signer"])
    if key is None:
        raise Bad("signer %s is not a key this ledger enrolled" % entry["signer"])
    unsigned = dict(entry)
    del unsigned["sig"]
    message = CONTEXT + canonical(unsigned).encode("utf-8")
    signature = base64.b64decode(entry["sig"], validate=True)
    try:
        if isinstance(key, ed25519.Ed25519PublicKey):
            key.verify(signature, message)
        elif isinstance(key, ec.EllipticCurvePublicKey) and key.curve.name == "secp256r1":
            # One spelling per signature: minimal DER, and low S (s <= n/2).
            try:
                r, s = decode_dss_signature(signature)
            except ValueError:
                raise Bad("signature is not DER")
            if encode_dss_signature(r, s) != signature or not 0 < s <= P256_ORDER // 2:
                raise Bad("signature is not minimal DER with low S")
            key.verify(signature, message, ec.ECDSA(hashes.SHA256()))
        else:
            raise Bad("signer key is neither Ed25519 nor P-256")
    except InvalidSignature:
        raise Bad("signature does not verify")


def verify(directory):
    """Returns (entries verified, None) or (entries verified before the failure, (seq, reason))."""
    with open(directory + "/entries.jsonl", "rb") as handle:
        data = handle.read()
    lines = data.split(b"\n")
    tail = lines.pop()  # bytes after the last newline: an unfinished write, not an entry
    keys = {}
    prev = "0" * 64
    last_time = ""
    for seq, line in enumerate(lines):
        try:
            entry = parse(line)
            if entry["seq"] != seq:
                raise Bad("seq is %r where %d belongs" % (entry["seq"], seq))
            if entry["prev"] != prev:
                raise Bad("prev is not the SHA-256 of entry %d" % (seq - 1))
            time = entry["time"]
            if not isinstance(time, str) or len(time) != 24 or time < last_time:
                raise Bad("time %r goes backwards or is malformed" % time)
            body = entry["body"]
            if not isinstance(body, dict):
                raise Bad("body is not an object")
            if seq == 0:
                if entry["type"] != "ledger.init":
                    raise Bad("entry 0 must be ledger.init")
                add_key(keys, body.get("admin", {}).get("key"))
            check_signature(entry, keys)
            if entry["type"] in ("principal.enroll", "principal.rotate-key", "key.enroll"):
                add_key(keys, body.get("key"))
            prev = hashlib.sha256(line).hexdigest()
            last_time = time
        except Bad as failure:
            return seq, (seq, str(failure))
        except (KeyError, TypeError, ValueError) as failure:
            return seq, (seq, "malformed: %s" % failure)
    if tail:
        sys.stderr.write("note: %d bytes after the last newline are an unfinished write, not an entry\n" % len(tail))
    return len(lines), None


def main(argv):
    args = [a for a in argv[1:] if a != "--json"]
    if len(args) != 1:
        sys.stderr.write(__doc__)
        return 2
    try:
        count, failure = verify(args[0])
    except OSError as error:
        sys.stderr.write("error: %s\n" % error)
        return 2
    if "--json" in argv:
        print(json.dumps({"intact": failure is None, "verified_entries": count,
                          "failure": None if failure is None else {"seq": failure[0], "reason": failure[1]}}))
    elif failure is None:
        print("intact: %d entries" % count)
    else:
        print("FAILED at entry %d: %s (%d entries verified before it)" % (failure[0], failure[1], count))
    return 0 if failure is None else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
