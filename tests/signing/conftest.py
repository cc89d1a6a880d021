"""Fixtures of the signing tests: one loopback TSA (`openssl ts`) for the whole session, its root
on the trust list, signed PDFs on."""

import pytest

from tests.api.conftest import api  # noqa: F401  (the API clients of the API tests)
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
