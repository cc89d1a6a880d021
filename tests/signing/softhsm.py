"""A SoftHSM2 token of the tests' own, in a temporary directory (SOFTHSM2_CONF points at its
configuration before the library is first loaded), initialized with softhsm2-util."""

import os
import subprocess
import tempfile
from pathlib import Path

MODULE = "/usr/lib/softhsm/libsofthsm2.so"
TOKEN, PIN, SO_PIN = "planflow-test", "1234", "5678"


class SoftHSM:
    def __init__(self):
        self._dir = tempfile.TemporaryDirectory(prefix="planflow-softhsm-")
        root = Path(self._dir.name)
        (root / "tokens").mkdir()
        (root / "softhsm2.conf").write_text(f"directories.tokendir = {root / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
        self.conf = str(root / "softhsm2.conf")
        self.previous = os.environ.get("SOFTHSM2_CONF")
        os.environ["SOFTHSM2_CONF"] = self.conf
        subprocess.run(
            ["softhsm2-util", "--init-token", "--free", "--label", TOKEN, "--pin", PIN, "--so-pin", SO_PIN],
            check=True,
            capture_output=True,
        )
        self.env = {"PLANFLOW_PKCS11_MODULE": MODULE, "PLANFLOW_PKCS11_TOKEN": TOKEN, "PLANFLOW_PKCS11_PIN": PIN}

    def close(self):
        from approvals.pkcs11_keys import close_sessions

        close_sessions()
        if self.previous is None:
            os.environ.pop("SOFTHSM2_CONF", None)
        else:
            os.environ["SOFTHSM2_CONF"] = self.previous
        self._dir.cleanup()
