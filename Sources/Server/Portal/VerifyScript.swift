/// The portal's in-browser verifier, served as `GET /portal/assets/verify.js`
/// (`text/javascript; charset=utf-8`).
///
/// A dependency-free script that checks a history row with WebCrypto alone, trusting only the keys
/// the page carries in `<script type="application/json" id="tl-trust">` (`TrustAnchors`): the log's
/// Ed25519 signature on the latest C2SP checkpoint, the cosignatures (cosignature/v1) of the trusted
/// witnesses and their quorum, the entry line against its hash and, when the answer names the signer's
/// key, the entry's own signature (Ed25519, or ECDSA P-256 in its one accepted DER spelling), then the
/// RFC 9162 inclusion proof from the line's leaf hash up to the checkpoint's root. docs/portal.md
/// ("Verification in the browser") says what it checks, in what order, and what it trusts.
///
/// Markup it works with: `<button type="button" class="verify" data-seq="N">` and
/// `<output data-verify-for="N">` per row, and `<button type="button" id="verify-all">`; the verdict
/// is written into the output as `✓ …` with `data-verdict="ok"` or `✗ <reason>` with
/// `data-verdict="bad"`. After "Verify all", the button carries `data-state="done"` and
/// `data-elapsed-ms`, and an element `#verify-all-status`, if present, gets a summary.
public enum VerifyScript {
    public static let source: String = #"""
// tierledger in-browser verifier: docs/portal.md, "Verification in the browser".
"use strict";
(() => {
  const enc = new TextEncoder();
  const subtle = globalThis.crypto && globalThis.crypto.subtle;

  // A failed check: its message is the reason shown after ✗.
  class Bad extends Error {}
  const bad = (reason) => { throw new Bad(reason); };

  const concat = (...parts) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) { out.set(p, at); at += p.length; }
    return out;
  };
  const equal = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
  const hex = (bytes) => Array.from(bytes, (x) => x.toString(16).padStart(2, "0")).join("");
  const unhex = (s) => {
    if (typeof s !== "string" || !/^(?:[0-9a-f]{2})*$/.test(s)) return null;
    return Uint8Array.from(s.match(/../g) || [], (pair) => parseInt(pair, 16));
  };
  const unbase64 = (s) => {
    if (typeof s !== "string" || s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) return null;
    try { return Uint8Array.from(atob(s), (c) => c.charCodeAt(0)); } catch { return null; }
  };
  const SHA256 = 'SHA-256';
  const sha256 = async (bytes) => new Uint8Array(await subtle.digest(SHA256, bytes));

  const SPKI_ED25519 = unhex("302a300506032b6570032100");
  const SPKI_P256 = unhex("3059301306072a8648ce3d020106082a8648ce3d030107034200");
  const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

  async function importKey(format, bytes, algorithm, what) {
    try { return await subtle.importKey(format, bytes, algorithm, false, ["verify"]); }
    catch { bad(`this browser cannot use ${what} (${algorithm.name} in WebCrypto)`); }
  }
  async function verifies(algorithm, key, signature, message) {
    try { return await subtle.verify(algorithm, key, signature, message); } catch { return false; }
  }

  // A C2SP verifier key "name+<key id hex>+<base64(type || 32-byte Ed25519 key)>", whose key id
  // must be SHA-256(name || 0x0A || type || key)[:4], and whose SHA-256 of the DER key must be the
  // fingerprint ("key_id") the page shows beside it.
  async function parseVkey(anchor, type, what) {
    const text = anchor && anchor.vkey;
    if (typeof text !== "string") bad(`the page's trust anchors give no verifier key for ${what}`);
    const a = text.indexOf("+"), b = text.indexOf("+", a + 1);
    const name = text.slice(0, a), id = unhex(text.slice(a + 1, b)), material = unbase64(text.slice(b + 1));
    if (a < 1 || b < 0 || !id || id.length !== 4 || !material || material.length !== 33 || material[0] !== type) {
      bad(`the verifier key of ${what} in the page is malformed`);
    }
    const raw = material.slice(1);
    if (!equal(id, (await sha256(concat(enc.encode(name), [0x0a, type], raw))).slice(0, 4))) {
      bad(`the verifier key of ${what} in the page has a key id that is not its key's`);
    }
    if (anchor.key_id !== undefined && anchor.key_id !== hex(await sha256(concat(SPKI_ED25519, raw)))) {
      bad(`the fingerprint of ${what} in the page is not its verifier key's`);
    }
    return { name, id, key: await importKey("raw", raw, { name: "Ed25519" }, "Ed25519 keys") };
  }

  let trustPromise = null;
  const trust = () => trustPromise ??= (async () => {
    if (!subtle) bad("this page has no WebCrypto (it needs HTTPS or a loopback address)");
    const element = document.getElementById("tl-trust");
    if (!element) bad("the page carries no trust anchors (#tl-trust)");
    let t;
    try { t = JSON.parse(element.textContent); } catch { bad("the page's trust anchors are not JSON"); }
    if (!t || typeof t.origin !== "string") bad("the page's trust anchors name no log origin");
    const log = await parseVkey(t.log, 0x01, "the log");
    if (log.name !== t.origin) bad("the log's verifier key in the page is not named after the log's origin");
    const witnesses = [];
    for (const w of Array.isArray(t.witnesses) ? t.witnesses : []) {
      witnesses.push(await parseVkey(w, 0x04, `witness ${w && w.name}`));
    }
    const quorum = t.quorum ?? witnesses.length;
    if (!Number.isInteger(quorum) || quorum < 0 || quorum > witnesses.length) bad("the page's witness quorum is not a number of its witnesses");
    return {
      origin: t.origin, log, witnesses, quorum,
      entryURL: t.entry_url || "/portal/entries/{seq}",
      checkpointURL: t.checkpoint_url || "/checkpoint",
      proofURL: t.proof_url || "/proof/inclusion?seq={seq}&size={size}",
    };
  })();

  const fill = (template, values) => template.replace(/\{(seq|size)\}/g, (_, k) => encodeURIComponent(String(values[k])));

  async function get(url, what, json) {
    let response;
    try { response = await fetch(url, { credentials: "same-origin", cache: "no-store" }); }
    catch { bad(`network error while fetching ${what}`); }
    if (!response.ok) bad(`could not fetch ${what} (HTTP ${response.status})`);
    try { return json ? await response.json() : await response.text(); }
    catch { bad(`${what} is not ${json ? "JSON" : "text"}`); }
  }

  // A C2SP signed note holding a tlog-checkpoint: the log's signature, the trusted witnesses'
  // cosignatures (cosignature/v1) and their quorum.
  async function verifyCheckpoint(note, t) {
    const split = note.indexOf("\n\n");
    if (split < 0 || !note.endsWith("\n")) bad("the checkpoint is not a signed note");
    const text = note.slice(0, split + 1);
    const [origin, sizeText, rootText] = text.slice(0, -1).split("\n");
    if (origin !== t.origin) bad(`the checkpoint is another log's ("${origin}")`);
    if (!/^(?:0|[1-9][0-9]{0,15})$/.test(sizeText || "") || !Number.isSafeInteger(Number(sizeText))) bad("the checkpoint's tree size is malformed");
    const root = unbase64(rootText);
    if (!root || root.length !== 32) bad("the checkpoint's root hash is malformed");
    const signatures = note.slice(split + 2, -1).split("\n").map((line) => {
      const m = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
      const bytes = m && unbase64(m[2]);
      if (!bytes || bytes.length < 5) bad("the checkpoint has a malformed signature line");
      return { name: m[1], id: bytes.slice(0, 4), payload: bytes.slice(4) };
    });
    const body = enc.encode(text);
    const logLines = signatures.filter((s) => s.name === t.log.name && equal(s.id, t.log.id));
    if (logLines.length === 0) bad("the checkpoint carries no signature by the log key this page trusts");
    for (const s of logLines) {
      if (s.payload.length !== 64 || !(await verifies({ name: "Ed25519" }, t.log.key, s.payload, body))) {
        bad("the log's signature on the checkpoint does not verify");
      }
    }
    const cosigners = [];
    for (const w of t.witnesses) {
      for (const s of signatures.filter((s) => s.name === w.name && equal(s.id, w.id))) {
        const time = s.payload.length === 72 ? new DataView(s.payload.buffer, s.payload.byteOffset, 8).getBigUint64(0) : null;
        const message = concat(enc.encode(`cosignature/v1\ntime ${time}\n`), body);
        if (time === null || !(await verifies({ name: "Ed25519" }, w.key, s.payload.slice(8), message))) {
          bad(`witness ${w.name}'s cosignature does not verify`);
        }
        if (!cosigners.includes(w.name)) cosigners.push(w.name);
      }
    }
    if (cosigners.length < t.quorum) {
      bad(`witness quorum not met: ${cosigners.length} of the ${t.witnesses.length} trusted witnesses cosigned, ${t.quorum} needed`);
    }
    return { size: Number(sizeText), root, cosigners };
  }

  // ECDSA P-256 "r || s" from the one DER spelling the ledger accepts: minimal, 1 <= r, s < n, low S.
  function p256Raw(der) {
    if (!der || der.length < 8 || der[0] !== 0x30 || der[1] > 0x7f || der[1] !== der.length - 2) return null;
    const values = [];
    let at = 2;
    for (let k = 0; k < 2; k++) {
      const length = der[at + 1];
      if (der[at] !== 0x02 || length < 1 || length > 33 || at + 2 + length > der.length) return null;
      const v = der.slice(at + 2, at + 2 + length);
      if (v[0] & 0x80 || (v[0] === 0 && length > 1 && !(v[1] & 0x80))) return null;
      values.push(BigInt("0x" + hex(v)));
      at += 2 + length;
    }
    const [r, s] = values;
    if (at !== der.length || r < 1n || r >= P256_N || s < 1n || s > P256_N / 2n) return null;
    return concat(unhex(r.toString(16).padStart(64, "0")), unhex(s.toString(16).padStart(64, "0")));
  }

  // The entry's own signature (docs/format.md §4): "tierledger/entry/v1\n" and the line without its
  // top-level "sig" member, by the key the answer names, whose key id must be the line's "signer".
  const signerKeys = Object.create(null); // key id -> imported key (the key id is checked against the key first)
  const ENTRY_TAIL = /,"sig":"([A-Za-z0-9+/=]*)"(,"signer":"([0-9a-f]{64})","time":"[^"]*","type":"[^"]*"\})$/;
  async function verifyEntrySignature(line, signer) {
    const m = ENTRY_TAIL.exec(line);
    if (!m) bad("the line has no signature where an entry's belongs");
    if (!signer || signer.key_id !== m[3]) bad("the signer key given is not the one the line names (key ids differ)");
    let spki = unbase64(signer.public_key);
    const p256 = signer.algorithm === "p256";
    if (!p256 && signer.algorithm !== "ed25519") bad(`the signer's algorithm "${signer.algorithm}" is not ed25519 or p256`);
    const [prefix, rawLength] = p256 ? [SPKI_P256, 65] : [SPKI_ED25519, 32];
    if (spki && spki.length === rawLength) spki = concat(prefix, spki);
    if (!spki || spki.length !== prefix.length + rawLength || !equal(spki.slice(0, prefix.length), prefix)) bad("the signer's public key is malformed");
    if (hex(await sha256(spki)) !== signer.key_id) bad("the signer's public key does not match its key id");
    const message = concat(enc.encode("tierledger/entry/v1\n"), enc.encode(line.slice(0, m.index) + m[2]));
    const signature = unbase64(m[1]);
    const algorithm = p256 ? { name: "ECDSA", namedCurve: "P-256" } : { name: "Ed25519" };
    const key = await (signerKeys[signer.key_id] ??= importKey("spki", spki, algorithm, p256 ? "ECDSA P-256 keys" : "Ed25519 keys"));
    const raw = p256 ? p256Raw(signature) : signature && signature.length === 64 ? signature : null;
    if (!raw || !(await verifies(p256 ? { name: "ECDSA", hash: SHA256 } : algorithm, key, raw, message))) {
      bad("the entry's signature does not verify with its signer's key");
    }
  }

  // RFC 9162 §2.1.3.2: the root an inclusion proof leads to from a leaf hash, or null.
  async function rootFromInclusion(index, size, leaf, proof) {
    if (index >= size) return null;
    let fn = index, sn = size - 1, r = leaf;
    for (const p of proof) {
      if (sn === 0) return null;
      if (fn % 2 === 1 || fn === sn) {
        r = await sha256(concat([1], p, r));
        while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
      } else {
        r = await sha256(concat([1], r, p));
      }
      fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
    }
    return sn === 0 ? r : null;
  }

  async function verifyRow(seq, checkpointOf) {
    const t = await trust();
    const pendingCheckpoint = checkpointOf(t), pendingEntry = get(fill(t.entryURL, { seq }), `entry ${seq}`, true);
    pendingEntry.catch(() => {});
    const checkpoint = await pendingCheckpoint;
    const entry = await pendingEntry;
    if (!entry || typeof entry.line !== "string") bad(`the answer for entry ${seq} has no line`);
    let parsed;
    try { parsed = JSON.parse(entry.line); } catch { bad(`the line of entry ${seq} is not JSON`); }
    if (!parsed || parsed.seq !== seq || entry.seq !== seq) bad(`the line given is not entry ${seq}`);
    const line = enc.encode(entry.line);
    if (hex(await sha256(line)) !== entry.hash) bad("the line does not match its hash");
    const signer = entry.signer ?? null; // absent or null: the answer names no key, and no signature is claimed
    if (signer !== null) await verifyEntrySignature(entry.line, signer);
    if (seq >= checkpoint.size) bad(`entry ${seq} is not in the latest checkpoint yet (size ${checkpoint.size})`);
    const proof = await get(fill(t.proofURL, { seq, size: checkpoint.size }), `the inclusion proof of entry ${seq}`, true);
    const hashes = Array.isArray(proof && proof.hashes) ? proof.hashes.map(unbase64) : [null];
    if (hashes.some((h) => !h || h.length !== 32)) bad("the inclusion proof is malformed");
    if (proof.leaf_index !== seq || proof.tree_size !== checkpoint.size || (proof.origin !== undefined && proof.origin !== t.origin)) {
      bad("the inclusion proof is for another entry, tree size or log");
    }
    const root = await rootFromInclusion(seq, checkpoint.size, await sha256(concat([0], line)), hashes);
    if (!root || !equal(root, checkpoint.root)) bad("the inclusion proof does not lead to the checkpoint's root");
    return { ...checkpoint, signer: signer && signer.key_id };
  }

  // The checkpoint is fetched and checked once per click, and once for a whole "Verify all".
  const checkpointOnce = () => {
    let pending = null;
    return (t) => pending ??= get(t.checkpointURL, "the checkpoint", false).then((note) => verifyCheckpoint(note, t));
  };

  function show(seq, verdict, text) {
    for (const output of document.querySelectorAll(`output[data-verify-for="${seq}"]`)) {
      output.dataset.verdict = verdict;
      output.textContent = text;
    }
  }

  async function run(seqText, checkpointOf) {
    if (!/^(?:0|[1-9][0-9]{0,15})$/.test(seqText || "")) return false;
    const seq = Number(seqText);
    show(seqText, "pending", "Verifying…");
    try {
      const r = await verifyRow(seq, checkpointOf);
      const witnesses = r.cosigners.length ? `, cosigned by ${r.cosigners.join(", ")}` : ", no witness cosignature required";
      const signed = r.signer ? `; signed by key ${r.signer.slice(0, 16)}…` : "";
      show(seqText, "ok", `✓ in the log's checkpoint of ${r.size} entries${witnesses}${signed}`);
      return true;
    } catch (error) {
      show(seqText, "bad", "✗ " + (error instanceof Bad ? error.message : `unexpected error: ${(error && error.message) || error}`));
      return false;
    }
  }

  async function verifyAll(button) {
    const seqs = [...new Set(Array.from(document.querySelectorAll("button.verify[data-seq]"), (b) => b.dataset.seq))];
    button.disabled = true;
    button.dataset.state = "running";
    const started = performance.now(), checkpointOf = checkpointOnce();
    let next = 0, good = 0;
    const worker = async () => { while (next < seqs.length) if (await run(seqs[next++], checkpointOf)) good++; };
    await Promise.all(Array.from({ length: Math.min(6, seqs.length) }, worker));
    button.dataset.elapsedMs = (performance.now() - started).toFixed(1);
    button.dataset.state = "done";
    button.disabled = false;
    const status = document.getElementById("verify-all-status");
    if (status) status.textContent = `${good} of ${seqs.length} rows verified${good === seqs.length ? "" : `; ${seqs.length - good} failed`}`;
  }

  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest("button") : null;
    if (!button) return;
    if (button.id === "verify-all") verifyAll(button);
    else if (button.matches("button.verify[data-seq]")) run(button.dataset.seq, checkpointOnce());
  });
})();
"""#
}
