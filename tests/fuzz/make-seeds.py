#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Writes the seed corpora in corpus/<target>/ (run once; the files are committed). Crash
# inputs found later are added to the same folders by hand, named crash-<what>.
import os
import pathlib
import struct

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CORPUS = HERE / "corpus"


def write(target, name, data):
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    (d / name).write_bytes(data)


# --- config
demo = (ROOT / "assets/profiles/demo-kiosk.toml").read_text()
profile = (ROOT / "assets/profiles/itc-kenpo.toml").read_text()
write("config", "demo-kiosk.toml", demo)
inline = demo.replace('profile = "itc-kenpo.toml"\n', "") + "\n" + profile
write("config", "inline-organisation.toml", inline)
write("config", "minimal.toml", '[organisation]\nname = "x"\n[kiosk]\nid = "k"\n')
write("config", "bad-syntax.toml", '[kiosk\nid = "k\n')

# --- roster CSV
write("roster_csv", "demo.csv", (ROOT / "assets/demo/roster.csv").read_bytes())
write("roster_csv", "quoted-crlf-bom.csv",
      "\ufefftemp_id,temp_password,birth_date,kana_name,member_number\r\n"
      "T0001,\"a,\"\"b\"\"\",1948-04-05,\"ヤマダ\r\nタロウ\",1\r\n"
      "T0001,x,19480405,ヤマダ,2\r\n\"unterminated,x\r\n")
write("roster_csv", "reordered.csv",
      "member_number,kana_name,birth_date,temp_password,temp_id\n9,カナ,20000229,p,T9\n")

# --- central request bodies (and the kiosk's replies, and a result's plaintext)
bodies = {
    "verify.json": '{"kiosk_id":"kiosk-01","temp_id":"DEMO0001","temp_password":"demo-pass-01",'
                   '"birth_date":"19480405"}',
    "check-user-id.json": '{"session_token":"abc","user_id":"yamada.taro"}',
    "submit.json": '{"enrollment_id":"0b7c1f2e-7a0e-4b1e-9d6a-1d2e3f4a5b6c","kiosk_id":"kiosk-01",'
                   '"envelope":"AQIDBA=="}',
    "handoff.json": '{"session_token":"abc","kiosk_id":"kiosk-01",'
                    '"enrollment_id":"0b7c1f2e-7a0e-4b1e-9d6a-1d2e3f4a5b6c"}',
    "duplicate-key.json": '{"kiosk_id":"a","kiosk_id":"b"}',
    "nested.json": '{"a":[[[[[[{"b":1e308}]]]]]],"c":"\\ud800"}',
    "result.json": '{"format":1,"enrollment_id":"e","kiosk_id":"k","temp_id":"T","user_id":"u",'
                   '"email":"a@b.jp","password_hash":"pbkdf2-sha256$600000$c2FsdHNhbHRzYWx0c2FsdA==$'
                   'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=","terms_version":"demo-1",'
                   '"method":"totp","completed_at":"2026-12-02T10:00:00Z","stage":"second_factor",'
                   '"registration_id":"r","totp":{"secret":"JBSWY3DPEHPK3PXP","digits":6,"period":30,'
                   '"algorithm":"SHA1","device_name":"ITC健保"}}',
    "reply-accepted.json": '{"status":"accepted","received_at":"2026-12-02T10:00:00Z"}',
}
for name, body in bodies.items():
    write("central_requests", name, body)

# --- sealed envelopes (mode byte even: open; odd: seal then open)
key_pem = (b"-----BEGIN PRIVATE KEY-----\n"
           b"MC4CAQAwBQYDK2VuBCIEIBDU57e1eTTnUHxrTW/pFCUSbIfiW2Pn37KUlNtHoA1y\n"
           b"-----END PRIVATE KEY-----\n")
recipient = serialization.load_pem_private_key(key_pem, None).public_key()
raw = serialization.Encoding.Raw
recipient_raw = recipient.public_bytes(raw, serialization.PublicFormat.Raw)


def aad_for(kiosk, enrollment):
    out = b""
    for s in ("madoguchi-enrollment-v1", kiosk, enrollment):
        b = s.encode()
        out += struct.pack(">I", len(b)) + b
    return out


def seal(plaintext, aad):
    eph = X25519PrivateKey.generate()
    eph_raw = eph.public_key().public_bytes(raw, serialization.PublicFormat.Raw)
    shared = eph.exchange(recipient)
    key = HKDF(hashes.SHA256(), 32, b"madoguchi-seal-v1", eph_raw + recipient_raw).derive(shared)
    nonce = os.urandom(12)
    ct = AESGCM(key).encrypt(nonce, plaintext, b"\x01" + aad)
    return b"\x01" + eph_raw + nonce + ct


aad = aad_for("kiosk-fuzz-01", "enrollment-fuzz")
env = seal(bodies["result.json"].encode(), aad)
write("sealed_envelope", "open-result", b"\x00" + env)
write("sealed_envelope", "open-truncated", b"\x00" + env[:60])
write("sealed_envelope", "open-wrong-version", b"\x00" + b"\x02" + env[1:])
write("sealed_envelope", "seal-result", b"\x01" + bodies["result.json"].encode())
write("sealed_envelope", "seal-empty", b"\x01")

# --- otpauth and base32
write("otp", "uri.txt", "otpauth://totp/ITC%E5%81%A5%E4%BF%9D:yamada.taro?secret=JBSWY3DPEHPK3PXP"
      "&issuer=ITC%E5%81%A5%E4%BF%9D&algorithm=SHA1&digits=6&period=30")
write("otp", "uri-sha512.txt", "otpauth://totp/a:b?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
      "&algorithm=SHA512&digits=8&period=60")
write("otp", "hotp.txt", "otpauth://hotp/a:b?secret=JBSWY3DP&counter=1")
write("otp", "base32.txt", "JBSWY3DPEHPK3PXP")
write("otp", "base32-padded.txt", "MZXW6===")

# --- input rules: fields split at NUL
write("input_rules", "userid-password", b"yamada.taro\x00Sakura_Haru.2026\x00demo-pass-01")
write("input_rules", "fullwidth", "ＹＡＭＡＤＡ\u3000taro\x00ｐａｓｓ¥word\x0019480405".encode())
write("input_rules", "email", b"taro@example.jp\x00taro@example.jp\x00x")
write("input_rules", "wareki-kanji", "昭和23年4月5日".encode())
write("input_rules", "wareki-gannen", "令和元年5月1日".encode())
write("input_rules", "wareki-symbol", "㍼64.1.7".encode())
write("input_rules", "wareki-initial", b"h31/4/30")
write("input_rules", "digits", b"19480405")
write("input_rules", "bad-utf8", b"\xe6\x98\x00\xff\xfe")

# --- CTAP: attested authData, CBOR-wrapped authData, attestation statements
cose_es256 = bytes.fromhex("a5010203262001215820" + "11" * 32 + "225820" + "22" * 32)
cred_id = b"\x33" * 16
auth = (b"\x44" * 32 + b"\x45" + struct.pack(">I", 7) + b"\x55" * 16 +
        struct.pack(">H", len(cred_id)) + cred_id + cose_es256)
write("ctap", "authdata-attested", auth)
write("ctap", "authdata-wrapped", b"\x58" + bytes([len(auth)]) + auth if len(auth) < 256 else auth)
der = bytes.fromhex("3082010a")  # the start of a certificate, cut short
stmt = (b"\xa3" + b"\x63alg" + b"\x26" + b"\x63sig" + b"\x44" + b"\x01\x02\x03\x04" +
        b"\x63x5c" + b"\x81" + b"\x44" + der)
write("ctap", "attstmt-x5c", stmt)
write("ctap", "attstmt-none", b"\xa0")

# --- WebAuthn registrations as a phone's browser sends them: u16 big-endian length of
# clientDataJSON, clientDataJSON, attestationObject. The fuzzer's relying party expects
# rpId portal.example.jp, origin https://enroll.portal.example.jp and the challenge below.
def webauthn_seeds():
    import base64
    import hashlib
    import json
    from cryptography.hazmat.primitives.asymmetric import ec

    def head(major, n):
        if n < 24:
            return bytes([major << 5 | n])
        if n < 256:
            return bytes([major << 5 | 24, n])
        return bytes([major << 5 | 25]) + struct.pack(">H", n)

    def cbytes(b):
        return head(2, len(b)) + b

    def ctext(s):
        return head(3, len(s)) + s.encode()

    challenge = bytes(range(32))
    b64 = base64.urlsafe_b64encode(challenge).rstrip(b"=").decode()
    client = json.dumps({"type": "webauthn.create", "challenge": b64,
                         "origin": "https://enroll.portal.example.jp"},
                        separators=(",", ":")).encode()
    key = ec.generate_private_key(ec.SECP256R1())
    nums = key.public_key().public_numbers()
    cose = (b"\xa5\x01\x02\x03\x26\x20\x01\x21" + cbytes(nums.x.to_bytes(32, "big")) +
            b"\x22" + cbytes(nums.y.to_bytes(32, "big")))
    cred_id = bytes(range(100, 132))
    aaguid = bytes.fromhex("adce000235bcc60a648b0b25f1f05503")
    auth = (hashlib.sha256(b"portal.example.jp").digest() + b"\x45" + struct.pack(">I", 0) +
            aaguid + struct.pack(">H", len(cred_id)) + cred_id + cose)
    sig = key.sign(auth + hashlib.sha256(client).digest(), ec.ECDSA(hashes.SHA256()))
    packed = (b"\xa3" + ctext("fmt") + ctext("packed") + ctext("attStmt") + b"\xa2" +
              ctext("alg") + b"\x26" + ctext("sig") + cbytes(sig) + ctext("authData") +
              cbytes(auth))
    none = (b"\xa3" + ctext("fmt") + ctext("none") + ctext("attStmt") + b"\xa0" +
            ctext("authData") + cbytes(auth))
    for name, obj in (("packed-self", packed), ("none", none)):
        write("webauthn_registration", name, struct.pack(">H", len(client)) + client + obj)


webauthn_seeds()
print("seeds written to", CORPUS)
