#!/usr/bin/env python3
"""TLS peer for the tlskit TCK, built on CPython's ssl module.

server mode: binds HOST port 0, prints {"listening": PORT} on one line, then serves
--accept connections one after another: (optional STARTTLS line exchange), handshake,
echo every line until end of stream or a line "CLOSE", then shut TLS down with
close_notify (unwrap) or, with --ragged-eof, close TCP without close_notify. One JSON
line per connection is printed on stdout.

client mode: reads all of stdin, connects, (optional STARTTLS), handshakes with
--server-hostname, sends the bytes, reads until end of stream (or --read-bytes), shuts
TLS down and prints one JSON line.

JSON keys: role, version, cipher, cipher_bits, alpn, peer_cert_subject (flattened dict),
peer_cert_sha256, server_hostname (server: the SNI seen by sni_callback; client: sent),
received (latin-1 text of all bytes read), eof (close_notify | close_line | ragged |
reset | read_bytes | write_failed with echo_error | error with error), shutdown (clean | ragged | error), shutdown_error, plain_before,
plain_after (STARTTLS), error {type, message, reason, library, verify_code,
verify_message, errno}. Diagnostics go to stderr; stdout carries JSON only.
"""

import argparse
import hashlib
import json
import socket
import ssl
import sys

CLOSE_LINES = (b"CLOSE\n", b"CLOSE\r\n")
STATE = {"sni": None}


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def error_info(exc):
    info = {"type": type(exc).__name__, "message": str(exc)}
    for attr in ("reason", "library", "verify_code", "verify_message", "errno"):
        value = getattr(exc, attr, None)
        if value is not None:
            info[attr] = value if isinstance(value, (int, str)) else str(value)
    return info


def flatten_name(name):
    if not name:
        return None
    flat = {}
    for rdn in name:
        for key, value in rdn:
            flat[key] = value
    return flat


def tls_version(name):
    return ssl.TLSVersion[name.replace(".", "_")]


def make_context(args, server):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER if server else ssl.PROTOCOL_TLS_CLIENT)
    verify = args.verify or ("none" if server else "required")
    ctx.check_hostname = bool(args.check_hostname) and not server
    ctx.verify_mode = {"none": ssl.CERT_NONE, "optional": ssl.CERT_OPTIONAL,
                       "required": ssl.CERT_REQUIRED}[verify]
    if args.cafile:
        ctx.load_verify_locations(cafile=args.cafile)
    if args.crl_check:
        ctx.verify_flags |= ssl.VERIFY_CRL_CHECK_LEAF
    if args.certfile:
        ctx.load_cert_chain(args.certfile, args.keyfile, password=args.password)
    if args.alpn:
        ctx.set_alpn_protocols(args.alpn.split(","))
    if args.min_version:
        ctx.minimum_version = tls_version(args.min_version)
    if args.max_version:
        ctx.maximum_version = tls_version(args.max_version)
    if args.ciphers:
        ctx.set_ciphers(args.ciphers)
    if hasattr(ssl, "OP_IGNORE_UNEXPECTED_EOF"):
        # Some CPython builds (3.11 on Debian 12) set this by default, which makes a ragged
        # EOF look like close_notify. Report what happened unless asked otherwise.
        if args.ignore_unexpected_eof:
            ctx.options |= ssl.OP_IGNORE_UNEXPECTED_EOF
        else:
            ctx.options &= ~ssl.OP_IGNORE_UNEXPECTED_EOF
    if server:
        def sni_callback(sslobj, server_name, sslctx):
            STATE["sni"] = server_name
            return None
        ctx.sni_callback = sni_callback
    return ctx


def describe(tls, res):
    res["version"] = tls.version()
    cipher = tls.cipher()
    res["cipher"] = cipher[0] if cipher else None
    res["cipher_bits"] = cipher[2] if cipher else None
    res["alpn"] = tls.selected_alpn_protocol()
    try:
        res["peer_cert_subject"] = flatten_name((tls.getpeercert() or {}).get("subject"))
    except ValueError:
        res["peer_cert_subject"] = None
    der = tls.getpeercert(binary_form=True)
    res["peer_cert_sha256"] = hashlib.sha256(der).hexdigest() if der else None
    res["session_reused"] = tls.session_reused
    cb = tls.get_channel_binding("tls-unique")
    res["tls_unique"] = cb.hex() if cb is not None else None


def read_plain_line(sock):
    """Reads one line byte by byte, so that no TLS byte after it is consumed."""
    data = bytearray()
    while not data.endswith(b"\n"):
        b = sock.recv(1)
        if not b:
            break
        data += b
    return data.decode("latin-1").rstrip("\r\n")


def recv_or_eof(tls, res):
    """One recv(); returns (bytes, None) or (b"", how) when the stream ended.

    how: close_notify (TLS shut down cleanly), ragged (TCP closed without close_notify:
    SSLEOFError, or SSLError UNEXPECTED_EOF_WHILE_READING with OpenSSL 3 on older CPython),
    reset, or error (any other failure, recorded in res["error"], e.g. an alert).
    """
    try:
        chunk = tls.recv(16384)
    except ssl.SSLEOFError:
        return b"", "ragged"
    except ssl.SSLError as exc:
        if getattr(exc, "reason", None) == "UNEXPECTED_EOF_WHILE_READING":
            return b"", "ragged"
        res["error"] = error_info(exc)
        return b"", "error"
    except ConnectionResetError:
        return b"", "reset"
    return (chunk, None) if chunk else (b"", "close_notify")


def is_close_prefix(pending):
    return any(line.startswith(pending) for line in CLOSE_LINES)


def echo(tls, res):
    """Echoes bytes back as they come; stops at EOF or at a line that is exactly CLOSE."""
    received = bytearray()
    pending = b""          # bytes at the start of a line that may still become CLOSE
    at_line_start = True
    eof = None
    while eof is None:
        chunk, eof = recv_or_eof(tls, res)
        if eof is not None:
            break
        received += chunk
        res["received"] = received.decode("latin-1")
        out = bytearray()
        i = 0
        while i < len(chunk):
            if at_line_start:
                pending += chunk[i:i + 1]
                i += 1
                if pending in CLOSE_LINES:
                    eof = "close_line"
                    break
                if is_close_prefix(pending):
                    continue
                out += pending
                at_line_start = pending.endswith(b"\n")
                pending = b""
            else:
                nl = chunk.find(b"\n", i)
                end = len(chunk) if nl < 0 else nl + 1
                out += chunk[i:end]
                i = end
                at_line_start = nl >= 0
        if out:
            try:
                tls.sendall(bytes(out))
            except OSError as exc:  # the peer is gone; report instead of crashing
                res["echo_error"] = error_info(exc)
                eof = "write_failed"
    res["received"] = received.decode("latin-1")
    res["eof"] = eof
    return eof


def close_ragged(tls, res, how=socket.SHUT_RDWR):
    """Shuts TCP down under the TLS layer: the peer gets FIN without close_notify."""
    res["shutdown"] = "ragged"
    try:
        # socket.socket.shutdown, not SSLSocket.shutdown: keep the TLS object so that a
        # client can go on reading after its half-close.
        socket.socket.shutdown(tls, how)
    except OSError:
        pass
    if how == socket.SHUT_RDWR:
        tls.close()


def shutdown_clean(tls, res):
    """unwrap(): sends close_notify and waits for the peer's; returns the plain socket or None."""
    try:
        plain = tls.unwrap()
        res["shutdown"] = "clean"
        return plain
    except (OSError, ssl.SSLError) as exc:
        res["shutdown"] = "error"
        res["shutdown_error"] = error_info(exc)
        tls.close()
        return None


def serve_one(ctx, conn, args):
    res = {"role": "server"}
    STATE["sni"] = None
    tls = None
    try:
        if args.starttls:
            res["plain_before"] = read_plain_line(conn)
            if res["plain_before"] != "STARTTLS":
                conn.sendall(b"ERR\n")
                raise ValueError("expected STARTTLS, got %r" % res["plain_before"])
            conn.sendall(b"OK\n")
        tls = ctx.wrap_socket(conn, server_side=True, do_handshake_on_connect=False,
                              suppress_ragged_eofs=False)
        try:
            tls.do_handshake()
        finally:
            res["server_hostname"] = STATE["sni"]
        describe(tls, res)
        eof = echo(tls, res)
        if args.ragged_eof:
            close_ragged(tls, res)
        elif eof in ("ragged", "reset", "write_failed", "error"):
            tls.close()
        else:
            plain = shutdown_clean(tls, res)
            if plain is not None:
                if args.starttls:
                    line = read_plain_line(plain)
                    res["plain_after"] = line
                    plain.sendall(line.encode("latin-1") + b"\n")
                plain.close()
    except Exception as exc:  # noqa: BLE001 - every failure is reported to the harness
        res["error"] = error_info(exc)
        (tls or conn).close()
    return res


def run_server(args):
    ctx = make_context(args, server=True)
    listener = socket.socket(socket.AF_INET6 if ":" in args.host else socket.AF_INET)
    listener.bind((args.host, args.port))
    listener.listen(8)
    listener.settimeout(args.timeout)
    emit({"listening": listener.getsockname()[1]})
    for _ in range(args.accept):
        try:
            conn, _addr = listener.accept()
        except OSError as exc:
            emit({"role": "server", "error": error_info(exc)})
            break
        conn.settimeout(args.timeout)
        emit(serve_one(ctx, conn, args))
    listener.close()


def run_client(args):
    data = sys.stdin.buffer.read()
    res = {"role": "client", "server_hostname": args.server_hostname}
    sock = tls = None
    try:
        ctx = make_context(args, server=False)
        sock = socket.create_connection((args.host, args.port), timeout=args.timeout)
        if args.starttls:
            sock.sendall(b"STARTTLS\n")
            res["plain_before"] = read_plain_line(sock)
            if res["plain_before"] != "OK":
                raise ValueError("server refused STARTTLS: %r" % res["plain_before"])
        tls = ctx.wrap_socket(sock, server_hostname=args.server_hostname,
                              do_handshake_on_connect=False, suppress_ragged_eofs=False)
        tls.do_handshake()
        describe(tls, res)
        tls.sendall(data)
        if args.ragged_eof:
            close_ragged(tls, res, socket.SHUT_WR)  # half-close, then read what comes back
        received = bytearray()
        eof = None
        while eof is None:
            if args.read_bytes is not None and len(received) >= args.read_bytes:
                eof = "read_bytes"
                break
            chunk, eof = recv_or_eof(tls, res)
            received += chunk
        res["received"] = received.decode("latin-1")
        res["eof"] = eof
        if eof in ("ragged", "reset", "error") or args.ragged_eof:
            tls.close()
            return res
        plain = shutdown_clean(tls, res)
        if plain is not None:
            if args.starttls:
                plain.sendall(args.plain_line.encode("latin-1") + b"\n")
                res["plain_after"] = read_plain_line(plain)
            plain.close()
    except Exception as exc:  # noqa: BLE001 - every failure is reported to the harness
        res["error"] = error_info(exc)
        (tls or sock or socket.socket()).close()
    return res


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("mode", choices=["server", "client"])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--accept", type=int, default=1, help="server: connections to serve before exiting")
    p.add_argument("--certfile")
    p.add_argument("--keyfile")
    p.add_argument("--password")
    p.add_argument("--cafile")
    p.add_argument("--crl-check", action="store_true", help="VERIFY_CRL_CHECK_LEAF (CRLs come from --cafile)")
    p.add_argument("--verify", choices=["none", "optional", "required"])
    p.add_argument("--check-hostname", action="store_true")
    p.add_argument("--server-hostname")
    p.add_argument("--alpn", default="", help="comma-separated protocol list")
    p.add_argument("--min-version", help="TLSv1.2 or TLSv1_2 style")
    p.add_argument("--max-version")
    p.add_argument("--ciphers")
    p.add_argument("--starttls", action="store_true")
    p.add_argument("--plain-line", default="plain after unwrap")
    p.add_argument("--ragged-eof", action="store_true",
                   help="server: close TCP without close_notify after the echo; "
                        "client: half-close TCP without close_notify after sending, then read")
    p.add_argument("--ignore-unexpected-eof", action="store_true",
                   help="set OP_IGNORE_UNEXPECTED_EOF (a ragged EOF then reads as close_notify)")
    p.add_argument("--read-bytes", type=int, help="client: stop reading after N bytes, then unwrap")
    p.add_argument("--timeout", type=float, default=20.0)
    args = p.parse_args()
    if args.mode == "server":
        run_server(args)
    else:
        emit(run_client(args))


if __name__ == "__main__":
    main()
