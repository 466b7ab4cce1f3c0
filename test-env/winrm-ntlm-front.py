#!/usr/bin/env python3
"""An NTLMv2-checking front for the WinRM test server (test-env/winrm-test-server), on loopback.

As Windows' HTTP.sys does for WinRM, it authenticates connections, not requests: a request on a
connection that has not authenticated is answered 401 with `WWW-Authenticate: Negotiate` (and
`NTLM`); the client's NEGOTIATE message is answered with a CHALLENGE, and its AUTHENTICATE message is
checked by pyspnego's NTLM acceptor (https://pypi.org/project/pyspnego/, pinned by
test-env/install-deps.sh) against one account, at LM_COMPAT_LEVEL 5: LM and NTLMv1 responses are
refused, only NTLMv2 passes. The front also checks itself that the NT response is an NTLMv2 one
(longer than NTLMv1's 24 bytes). Once a connection has authenticated, its requests (the one that
completed the exchange, and every later one without an Authorization header) are forwarded to the
test server, and the answers sent back.

Usage: winrm-ntlm-front.py --listen 127.0.0.1:PORT --backend 127.0.0.1:PORT --user U --password P
(the password also from $KILN_NTLM_PASSWORD). Prints "listening on HOST:PORT" once it accepts.
Logs each authentication's outcome to stderr.
"""

import argparse
import base64
import http.client
import http.server
import os
import socketserver
import struct
import sys
import tempfile

import spnego


def nt_response_length(token: bytes) -> int:
    """The NtChallengeResponse length of an NTLM AUTHENTICATE message (0 for other messages)."""
    if len(token) < 28 or token[:8] != b"NTLMSSP\0" or struct.unpack("<I", token[8:12])[0] != 3:
        return 0
    return struct.unpack("<H", token[20:22])[0]


def make_handler(backend: str):
    host, port = backend.rsplit(":", 1)

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self):
            super().setup()
            self.authenticated = False
            self.context = None

        def log_message(self, format, *args):  # noqa: A002 - the base class's name
            pass

        def reply(self, status, headers=(), body=b""):
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def refuse(self, challenge=None):
            if challenge is None:
                self.reply(401, [("WWW-Authenticate", "Negotiate"), ("WWW-Authenticate", "NTLM")])
            else:
                self.reply(401, [("WWW-Authenticate", challenge)])

        def forward(self, body):
            conn = http.client.HTTPConnection(host, int(port), timeout=600)
            try:
                conn.request("POST", self.path, body, {"Content-Type": self.headers.get("Content-Type", "")})
                res = conn.getresponse()
                data = res.read()
                headers = [(k, v) for k, v in res.getheaders() if k.lower() in ("content-type",)]
                self.reply(res.status, headers, data)
            finally:
                conn.close()

        def do_POST(self):  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            auth = self.headers.get("Authorization")
            if auth is None:
                if self.authenticated:
                    return self.forward(body)
                return self.refuse()
            scheme, _, token_text = auth.partition(" ")
            if scheme.lower() not in ("negotiate", "ntlm"):
                return self.refuse()
            try:
                token = base64.b64decode(token_text.strip())
            except ValueError:
                return self.refuse()
            if token[8:12] == b"\x01\0\0\0" or self.context is None:
                self.context = spnego.server(protocol="ntlm")
                self.authenticated = False
            try:
                out = self.context.step(token)
            except spnego.exceptions.SpnegoError as e:
                print(f"ntlm: refused: {e}", file=sys.stderr, flush=True)
                self.context = None
                return self.refuse()
            if not self.context.complete:
                return self.refuse(f"{scheme} {base64.b64encode(out).decode()}")
            nt_length = nt_response_length(token)
            if nt_length <= 24:
                print(f"ntlm: refused a response that is not NTLMv2 ({nt_length} bytes)", file=sys.stderr, flush=True)
                self.context = None
                return self.refuse()
            print(f"ntlm: authenticated {self.context.client_principal} (NTLMv2, {nt_length} bytes)", file=sys.stderr, flush=True)
            self.authenticated = True
            self.forward(body)

    return Handler


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--listen", default="127.0.0.1:0")
    parser.add_argument("--backend", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", default=os.environ.get("KILN_NTLM_PASSWORD", ""))
    args = parser.parse_args()

    # pyspnego's acceptor reads its accounts from NTLM_USER_FILE (`DOMAIN:USER:PASSWORD` lines; an
    # empty domain matches a client that sends none). The file lives as long as this process.
    store = tempfile.NamedTemporaryFile("w", prefix="kiln-ntlm-", suffix=".txt", delete=False)
    try:
        store.write(f":{args.user}:{args.password}\n")
        store.close()
        os.environ["NTLM_USER_FILE"] = store.name
        os.environ["LM_COMPAT_LEVEL"] = "5"
        host, port = args.listen.rsplit(":", 1)
        server = Server((host, int(port)), make_handler(args.backend))
        print(f"listening on {server.server_address[0]}:{server.server_address[1]}", flush=True)
        server.serve_forever()
    finally:
        os.unlink(store.name)


if __name__ == "__main__":
    main()
