#!/usr/bin/env python3
"""Writes the fuzz targets' regression seeds (real inputs) under src/test/resources: run from tls-fuzz/.

Certificates, keys, CRLs and PKCS#12 files come from the openssl CLI and the `cryptography` package; the record seeds
are real TLS flights captured from Python's ssl with memory BIOs. Jazzer's FuzzedDataProvider reads bytes and strings
from the front of an input and booleans/ints from its end, so seeds for targets that consume a choice first end with
the choice bytes.
"""
import datetime
import os
import pathlib
import ssl
import subprocess
import tempfile

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

ROOT = pathlib.Path("src/test/resources/dev/tlskit/fuzz")


def put(cls, method, name, data):
    d = ROOT / f"{cls}Inputs" / method
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(data if isinstance(data, bytes) else data.encode())


def run(*args, cwd):
    subprocess.run(args, cwd=cwd, check=True, capture_output=True)


with tempfile.TemporaryDirectory() as t:
    tp = pathlib.Path(t)
    run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "rsa.key", "-out", "rsa.pem",
        "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-days", "30", cwd=t)
    run("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec.key", cwd=t)
    run("openssl", "pkcs8", "-topk8", "-in", "rsa.key", "-out", "rsa-enc.key", "-passout", "pass:somepass", cwd=t)
    run("openssl", "pkcs8", "-topk8", "-nocrypt", "-in", "ec.key", "-outform", "DER", "-out", "ec.der", cwd=t)
    run("openssl", "x509", "-in", "rsa.pem", "-outform", "DER", "-out", "rsa.der", cwd=t)
    run("openssl", "pkcs12", "-export", "-in", "rsa.pem", "-inkey", "rsa.key", "-out", "id.p12", "-passout", "pass:somepass", cwd=t)
    pem = (tp / "rsa.pem").read_text()
    der = (tp / "rsa.der").read_bytes()
    put("CredentialFuzzTest", "certificatesFromPem", "rsa-cert.pem", pem)
    put("CredentialFuzzTest", "certificatesFromPem", "text-around-blocks.pem", "junk\n" + pem + "\n# trailer\n" + pem)
    put("CredentialFuzzTest", "certificatesFromDer", "rsa-cert.der", der)
    put("CredentialFuzzTest", "certificatesFromDer", "two-certs.der", der + der)
    # privateKey targets: the last byte picks the password mode (0 none, 1 literal, 2 callback), then password bytes
    put("CredentialFuzzTest", "privateKeyFromPem", "rsa-pkcs1.pem", (tp / "rsa.key").read_bytes() + b"\x00")
    put("CredentialFuzzTest", "privateKeyFromPem", "ec-sec1.pem", (tp / "ec.key").read_bytes() + b"\x00")
    put("CredentialFuzzTest", "privateKeyFromPem", "rsa-pkcs8-encrypted.pem", (tp / "rsa-enc.key").read_bytes() + b"\x01")
    put("CredentialFuzzTest", "privateKeyFromDer", "ec-pkcs8.der", (tp / "ec.der").read_bytes() + b"\x00")
    put("CredentialFuzzTest", "verifyLocationsCadata", "pem.txt", pem + "\x01")
    put("CredentialFuzzTest", "verifyLocationsCadata", "der.bin", der + b"\x00")
    put("CredentialFuzzTest", "pkcs12", "id.p12", (tp / "id.p12").read_bytes() + b"\x01")

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Fuzz CA")])
    now = datetime.datetime.now(datetime.timezone.utc)
    crl = (x509.CertificateRevocationListBuilder().issuer_name(name).last_update(now)
           .next_update(now + datetime.timedelta(days=7))
           .add_revoked_certificate(x509.RevokedCertificateBuilder().serial_number(4242).revocation_date(now).build())
           .sign(key, hashes.SHA256()))
    put("CredentialFuzzTest", "crls", "crl.pem", crl.public_bytes(serialization.Encoding.PEM))
    put("CredentialFuzzTest", "crls", "crl.der", crl.public_bytes(serialization.Encoding.DER))

    # cipher strings: the last byte picks the provider (bit 0: jdk) then TLS 1.3 suites (bit 0 of the byte before)
    for i, spec in enumerate(["ECDHE+AESGCM:!aNULL:!MD5", "DEFAULT:@SECLEVEL=2", "HIGH:-AES256:+CHACHA20:@STRENGTH",
                              "kRSA:!eNULL", "ALL:COMPLEMENTOFALL"]):
        put("NamesFuzzTest", "cipherStrings", f"ciphers-{i}.txt", spec + "\x00\x01")
    put("NamesFuzzTest", "cipherStrings", "suites.txt", "TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256\x01\x00")

    # records: real flights from Python's ssl (OpenSSL) between memory BIOs
    def flights(maximum):
        sctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        sctx.load_cert_chain(tp / "rsa.pem", tp / "rsa.key")
        cctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        cctx.check_hostname = False
        cctx.verify_mode = ssl.CERT_NONE
        cctx.maximum_version = maximum
        cctx.set_alpn_protocols(["h2", "http/1.1"])
        ci, co, si, so = ssl.MemoryBIO(), ssl.MemoryBIO(), ssl.MemoryBIO(), ssl.MemoryBIO()
        c = cctx.wrap_bio(ci, co, server_hostname="localhost")
        s = sctx.wrap_bio(si, so, server_side=True)
        try:
            c.do_handshake()
        except ssl.SSLWantReadError:
            pass
        hello = co.read()
        si.write(hello)
        try:
            s.do_handshake()
        except ssl.SSLWantReadError:
            pass
        return hello, so.read()

    for label, v in [("tls13", ssl.TLSVersion.TLSv1_3), ("tls12", ssl.TLSVersion.TLSv1_2)]:
        hello, server_flight = flights(v)
        # the last byte: provider (bit 0 set: jdk), the one before: EOF after the input
        put("RecordFuzzTest", "serverInbound", f"client-hello-{label}-jdk.bin", hello + b"\x00\x01")
        put("RecordFuzzTest", "serverInbound", f"client-hello-{label}-conscrypt.bin", hello + b"\x00\x00")
        put("RecordFuzzTest", "clientInbound", f"server-flight-{label}-jdk.bin", server_flight + b"\x00\x01")
        put("RecordFuzzTest", "clientInbound", f"server-flight-{label}-conscrypt.bin", server_flight + b"\x00\x00")
    put("RecordFuzzTest", "clientAfterHandshake", "appdata-header-jdk.bin", b"\x17\x03\x03\x00\x20" + os.urandom(32) + b"\x01")
    put("RecordFuzzTest", "clientAfterHandshake", "alert-conscrypt.bin", b"\x15\x03\x03\x00\x02\x02\x28" + b"\x00")
    put("RecordFuzzTest", "clientAfterHandshake", "oversized-record-jdk.bin", b"\x17\x03\x03\x48\x01" + b"\x00" * 64 + b"\x01")
