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


_CA_CONFIG = """
[ ca ]
default_ca = ca_default
[ ca_default ]
dir = {dir}
database = $dir/index.txt
new_certs_dir = $dir
serial = $dir/caserial
default_md = sha256
policy = any
copy_extensions = none
[ any ]
commonName = supplied
"""

# What kind of authority the test runs (each made with openssl):
# trusted: issued by the test root the reviewer trusts; rogue: self-signed, named "DigiCert";
# other_ca: issued by another CA nobody trusts; expired: issued by the trusted root, but its
# validity ended years ago; future: trusted, but its clock runs years ahead (faketime);
# mismatch: its certificate is not the one of the key that signs.
KINDS = ("trusted", "rogue", "other_ca", "expired", "future", "mismatch")


def make_root(folder: Path, name: str = "Test Root CA") -> Path:
    """A CA (ca.key, ca.crt) in folder, for tests to trust or not; its certificate."""
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "root.cnf"
    config.write_text(_CONFIG.format(dir=folder))
    _openssl(
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
        "-days", "3650", "-subj", f"/CN={name}", "-config", str(config), "-extensions", "ca_ext",
        cwd=folder,
    )  # fmt: skip
    return folder / "ca.crt"


def _issue(folder: Path, ca: Path, config: Path, extra: tuple[str, ...] = ()) -> None:
    """tsa.crt for tsa.csr, signed by the CA in folder `ca` (openssl ca: dates can be set)."""
    ca_config = folder / "ca.cnf"
    ca_config.write_text(_CA_CONFIG.format(dir=folder))
    (folder / "index.txt").write_text("")
    (folder / "caserial").write_text("1000\n")
    _openssl(
        "ca", "-batch", "-config", str(ca_config), "-cert", str(ca / "ca.crt"), "-keyfile",
        str(ca / "ca.key"), "-in", "tsa.csr", "-out", "tsa.crt", "-extfile", str(config),
        "-extensions", "tsa_ext", "-notext", *extra, cwd=folder,
    )  # fmt: skip


def make_tsa(folder: Path, kind: str = "trusted", root: Path | None = None) -> Path:
    """A TSA certificate of `kind` (KINDS) and its key in folder; the `openssl ts` config.

    `root`: the folder of the CA the reviewer trusts (made here when None).
    """
    if kind not in KINDS:
        raise ValueError(kind)
    root = root or folder / "root"
    if not (root / "ca.crt").exists():
        make_root(root)
    config = folder / "tsa.cnf"
    config.write_text(_CONFIG.format(dir=folder))
    (folder / "tsaserial").write_text("01\n")
    name = "/CN=DigiCert Timestamp 2023" if kind == "rogue" else "/CN=Test Time Stamping Authority"
    _openssl(
        "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "tsa.key", "-out", "tsa.csr",
        "-subj", name, "-config", str(config), cwd=folder,
    )  # fmt: skip
    issuer = root
    if kind == "rogue":
        _openssl(
            "x509", "-req", "-in", "tsa.csr", "-signkey", "tsa.key", "-out", "tsa.crt", "-days",
            "3650", "-extfile", str(config), "-extensions", "tsa_ext", cwd=folder,
        )  # fmt: skip
        shutil.copyfile(folder / "tsa.crt", folder / "ca.crt")
        return config
    if kind == "other_ca":
        issuer = folder / "other"
        make_root(issuer, "Some Other CA")
    if kind == "expired":
        _issue(folder, issuer, config, ("-startdate", "200101000000Z", "-enddate", "210101000000Z"))
    else:
        _issue(folder, issuer, config, ("-days", "3650"))
    shutil.copyfile(issuer / "ca.crt", folder / "ca.crt")  # what the token carries beside it
    if kind == "mismatch":
        # Sign with a fresh key, keep the certificate of the first: they no longer match.
        _openssl("genrsa", "-out", "tsa.key", "2048", cwd=folder)
    return config


@dataclass
class LocalTSA:
    """A running TSA: its URL, and a switch to make it unreachable (an offline desk)."""

    url: str
    server: http.server.HTTPServer
    requests: list[bytes]
    root: Path  # the certificate of the CA a reviewer trusts (not necessarily this TSA's)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@contextmanager
def running_tsa(kind: str = "trusted", root: Path | None = None) -> Iterator[LocalTSA]:
    """Start a TSA of `kind` (KINDS) on 127.0.0.1 (a free port) for the duration of the block.

    `root`: the folder of the CA the reviewer trusts, to share between several TSAs.
    """
    if shutil.which("openssl") is None:
        raise RuntimeError("openssl is not installed (packaging/system-deps.sh test)")
    if kind == "future" and shutil.which("faketime") is None:
        raise RuntimeError("faketime is not installed (packaging/system-deps.sh test)")
    with tempfile.TemporaryDirectory(prefix="inspector-tsa-") as tmp:
        folder = Path(tmp)
        root = root or folder / "root"
        config = make_tsa(folder, kind, root)
        clock = ["faketime", "-f", "+730d"] if kind == "future" else []
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
                        [*clock, "openssl", "ts", "-reply", "-config", str(config), "-queryfile",
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
        tsa = LocalTSA(f"http://127.0.0.1:{server.server_port}/tsa", server, seen, root / "ca.crt")
        try:
            yield tsa
        finally:
            tsa.stop()
            thread.join(5)
