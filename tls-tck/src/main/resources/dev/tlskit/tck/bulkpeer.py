#!/usr/bin/env python3
"""Bulk-transfer TLS peer for the tlskit TCK's no-lost-data spec, built on CPython's ssl module.

One connection. server: binds 127.0.0.1 port 0, prints {"listening": PORT}, accepts one
connection; client: connects to --port. Then, after the handshake:

  recv: reads the stream in --chunk sized pieces (a slow reader: small reads, a small
        SO_RCVBUF, hashing each piece) until close_notify or an error; with --unwrap it
        then calls unwrap() (close_notify back) and sends --plain on the plain socket.
  send: sends --bytes bytes of the pattern; then unwrap() and reads the plain socket to
        its end (--unwrap), or shuts TLS down with unwrap() and closes.

The pattern is SHA-256 in counter mode: block i = sha256(seed + i as 8 bytes big-endian),
the same generator as the Kotlin side. One JSON line on stdout: role, version, received,
sha256 (of what was received), eof (close_notify | ragged | reset | error), error,
unwrapped, plain_after (latin-1). Diagnostics go to stderr.
"""

import argparse
import hashlib
import json
import socket
import ssl
import sys


def pattern(seed, n):
    out = bytearray()
    i = 0
    s = seed.encode()
    while len(out) < n:
        out += hashlib.sha256(s + i.to_bytes(8, "big")).digest()
        i += 1
    return bytes(out[:n])


def error_info(exc):
    return {"type": type(exc).__name__, "message": str(exc)}


def exchange_plain(plain_sock, text):
    """After unwrap(): send `text` in the clear, half-close, and return everything the peer sends until its EOF."""
    plain_sock.sendall(text.encode("latin-1"))
    plain_sock.shutdown(socket.SHUT_WR)
    rest = b""
    while True:
        b = plain_sock.recv(65536)
        if not b:
            return rest.decode("latin-1")
        rest += b


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("role", choices=["server", "client"])
    ap.add_argument("action", choices=["recv", "send"])
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--certfile")
    ap.add_argument("--keyfile")
    ap.add_argument("--cafile")
    ap.add_argument("--bytes", type=int, default=0)
    ap.add_argument("--seed", default="tlskit")
    ap.add_argument("--chunk", type=int, default=1024)
    ap.add_argument("--rcvbuf", type=int, default=16384)
    ap.add_argument("--unwrap", action="store_true")
    ap.add_argument("--plain", default="")
    ap.add_argument("--timeout", type=float, default=30.0)
    a = ap.parse_args()

    if a.role == "server":
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(a.certfile, a.keyfile)
    else:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.load_verify_locations(a.cafile)
    ctx.options &= ~getattr(ssl, "OP_IGNORE_UNEXPECTED_EOF", 0)

    raw = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, a.rcvbuf)
    raw.settimeout(a.timeout)
    if a.role == "server":
        raw.bind(("127.0.0.1", 0))
        raw.listen(1)
        print(json.dumps({"listening": raw.getsockname()[1]}), flush=True)
        listener = raw
        raw, _ = listener.accept()
        listener.close()
        raw.settimeout(a.timeout)
        tls = ctx.wrap_socket(raw, server_side=True, suppress_ragged_eofs=False)
    else:
        raw.connect(("127.0.0.1", a.port))
        tls = ctx.wrap_socket(raw, server_hostname="localhost", suppress_ragged_eofs=False)

    result = {"role": a.role, "version": tls.version(), "received": 0, "unwrapped": False}
    digest = hashlib.sha256()
    plain_sock = None
    try:
        if a.action == "recv":
            while True:
                try:
                    piece = tls.recv(a.chunk)
                except ssl.SSLEOFError as e:
                    result["eof"] = "ragged"
                    result["error"] = error_info(e)
                    break
                except ConnectionResetError as e:
                    result["eof"] = "reset"
                    result["error"] = error_info(e)
                    break
                if not piece:
                    result["eof"] = "close_notify"
                    break
                digest.update(piece)
                result["received"] += len(piece)
            if a.unwrap and result.get("eof") == "close_notify":
                result["unwrapped"] = True
                result["plain_after"] = exchange_plain(tls.unwrap(), a.plain)
        else:
            data = pattern(a.seed, a.bytes)
            for off in range(0, len(data), 65536):
                tls.sendall(data[off:off + 65536])
            plain_sock = tls.unwrap()
            result["unwrapped"] = True
            if a.unwrap:
                result["plain_after"] = exchange_plain(plain_sock, a.plain)
    except Exception as e:  # reported, not raised: the test asserts on it
        result["eof"] = result.get("eof", "error")
        result["error"] = error_info(e)
    result["sha256"] = digest.hexdigest()
    print(json.dumps(result), flush=True)
    (plain_sock or tls).close()


if __name__ == "__main__":
    sys.exit(main())
