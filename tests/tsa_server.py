"""A real RFC 3161 time-stamping authority on 127.0.0.1 for tests: OpenSSL's `openssl ts -reply`
behind a small HTTP server, with a throwaway CA and a TSA certificate made in a temp folder."""

from __future__ import annotations

import http.server
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

_CONFIG = """
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = placeholder
[ tsa_ext ]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = critical, timeStamping
[ ca_ext ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign
[ tsa ]
default_tsa = tsa_config1
[ tsa_config1 ]
dir = {dir}
serial = $dir/tsaserial
crypto_device = builtin
signer_cert = $dir/tsa.crt
certs = $dir/ca.crt
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256
accuracy = secs:1
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


def make_tsa(folder: Path) -> Path:
    """A CA and a TSA certificate (extendedKeyUsage critical, timeStamping) in folder; the config."""
    config = folder / "tsa.cnf"
    config.write_text(_CONFIG.format(dir=folder))
    (folder / "tsaserial").write_text("01\n")
    _openssl(
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
        "-days", "2", "-subj", "/CN=Test Root CA", "-config", str(config), "-extensions", "ca_ext",
        cwd=folder,
    )  # fmt: skip
    _openssl(
        "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "tsa.key", "-out", "tsa.csr",
        "-subj", "/CN=Test Time Stamping Authority", "-config", str(config), cwd=folder,
    )  # fmt: skip
    _openssl(
        "x509", "-req", "-in", "tsa.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "tsa.crt", "-days", "2", "-extfile", str(config), "-extensions", "tsa_ext",
        cwd=folder,
    )  # fmt: skip
    return config


@dataclass
class LocalTSA:
    """A running TSA: its URL, and a switch to make it unreachable (an offline desk)."""

    url: str
    server: http.server.HTTPServer
    requests: list[bytes]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@contextmanager
def running_tsa() -> Iterator[LocalTSA]:
    """Start the TSA on 127.0.0.1 (a free port) for the duration of the block."""
    if shutil.which("openssl") is None:
        raise RuntimeError("openssl is not installed (packaging/system-deps.sh test)")
    with tempfile.TemporaryDirectory(prefix="inspector-tsa-") as tmp:
        folder = Path(tmp)
        config = make_tsa(folder)
        seen: list[bytes] = []
        lock = threading.Lock()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (the http.server name)
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with lock:
                    seen.append(body)
                    query, reply = folder / "q.tsq", folder / "r.tsr"
                    query.write_bytes(body)
                    done = subprocess.run(
                        ["openssl", "ts", "-reply", "-config", str(config), "-queryfile",
                         str(query), "-out", str(reply)],
                        capture_output=True, timeout=60,
                    )  # fmt: skip
                    answer = reply.read_bytes() if done.returncode == 0 else b""
                if not answer:
                    self.send_error(500, "openssl ts failed")
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args: object) -> None:
                pass  # quiet in test output

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        tsa = LocalTSA(f"http://127.0.0.1:{server.server_port}/tsa", server, seen)
        try:
            yield tsa
        finally:
            tsa.stop()
            thread.join(5)
