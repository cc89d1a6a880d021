"""An RFC 3161 time-stamping authority on loopback for the tests and the bench, built on `openssl ts`:
a tiny HTTP server in a thread answers each POSTed TimeStampReq with `openssl ts -reply`.

    with LoopbackTSA() as tsa:       # tsa.url, tsa.ca (the CertificateAuthority whose root the trust list needs)
        ...
"""

import subprocess
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from .pki import CertificateAuthority, name

CONFIG = """
[ tsa ]
default_tsa = planflow_test_tsa
[ planflow_test_tsa ]
dir = {dir}
serial = $dir/serial
crypto_device = builtin
signer_cert = $dir/tsa.pem
certs = $dir/chain.pem
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.4146.2.3
other_policies = 1.3.6.1.4.1.4146.2.2
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = no
tsa_name = yes
ess_cert_id_chain = yes
ess_cert_id_alg = sha256
"""


class LoopbackTSA:
    def __init__(self, ca=None):
        self.ca = ca or CertificateAuthority("Test TSA Root")
        self._dir = tempfile.TemporaryDirectory(prefix="planflow-tsa-")
        root = Path(self._dir.name)
        key = ec.generate_private_key(ec.SECP256R1())
        certificate = self.ca.issue(key.public_key(), name("Test TSA"), tsa=True)
        pem = serialization.Encoding.PEM
        (root / "tsa.key").write_bytes(key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
        (root / "tsa.pem").write_bytes(certificate.public_bytes(pem))
        (root / "chain.pem").write_bytes(certificate.public_bytes(pem) + self.ca.certificate.public_bytes(pem))
        (root / "serial").write_text("01\n")
        (root / "ts.cnf").write_text(CONFIG.format(dir=root))
        self.root = root
        self.requests = 0
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, name="loopback-tsa", daemon=True)

    @property
    def url(self):
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/tsa"

    def reply(self, query):
        """The DER TimeStampResp to a DER TimeStampReq (`openssl ts -reply`; one at a time: the serial file)."""
        with self._lock, tempfile.TemporaryDirectory(dir=self.root) as work:
            query_file, reply_file = Path(work) / "q.tsq", Path(work) / "r.tsr"
            query_file.write_bytes(query)
            subprocess.run(
                ["openssl", "ts", "-reply", "-config", str(self.root / "ts.cnf"), "-queryfile", str(query_file), "-out", str(reply_file)],
                check=True,
                capture_output=True,
            )
            self.requests += 1
            return reply_file.read_bytes()

    def _handler(self):
        tsa = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                query = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                try:
                    body, status = tsa.reply(query), 200
                except subprocess.CalledProcessError:
                    body, status = b"", 400
                self.send_response(status)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        return Handler

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()
        self._dir.cleanup()
