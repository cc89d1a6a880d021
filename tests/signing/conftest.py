"""Fixtures of the signing tests: one loopback TSA (`openssl ts`) for the whole session, its root
on the trust list, signed PDFs on."""

import pytest

from tests.api.conftest import api, unchanged  # noqa: F401  (the API clients and guards of the API tests)
from tests.documents.conftest import signed_pdfs  # noqa: F401

from .loopback_tsa import LoopbackTSA


@pytest.fixture(scope="session")
def loopback_tsa():
    with LoopbackTSA() as tsa:
        yield tsa


@pytest.fixture
def timestamps(settings, loopback_tsa, signed_pdfs):  # noqa: F811
    """PLANFLOW_TSA_URL set to the loopback TSA, whose root the admin put on the trust list."""
    from approvals.trust import add_trusted

    settings.PLANFLOW_TSA_URL = loopback_tsa.url
    add_trusted("Test TSA Root (loopback)", loopback_tsa.ca.pem)
    return loopback_tsa


@pytest.fixture(scope="session")
def softhsm():
    """One SoftHSM2 token for the session (the PKCS#11 library reads SOFTHSM2_CONF once per process)."""
    from .softhsm import SoftHSM

    token = SoftHSM()
    yield token
    token.close()


@pytest.fixture
def token_keystore(softhsm, settings, monkeypatch):
    """PLANFLOW_SIGNATURE_KEYSTORE=pkcs11, module/token/PIN from the environment."""
    for name, value in softhsm.env.items():
        monkeypatch.setenv(name, value)
    settings.PLANFLOW_SIGNATURE_KEYSTORE = "pkcs11"
    return softhsm
