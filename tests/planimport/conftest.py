"""Helpers of the import tests: the API client (tests/api) and a guard that a refused import wrote nothing."""

from contextlib import contextmanager

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.api.conftest import api  # noqa: F401 - the fixture, shared

WATCHED = ("plans", "audit", "planimport", "filestore")


def row_counts():
    return {m._meta.label: m._default_manager.count() for m in apps.get_models() if m._meta.app_label in WATCHED}


@pytest.fixture
def nothing_written():
    """with nothing_written(): … — no row of plans, audit, planimport or filestore appears."""

    @contextmanager
    def guard():
        before = row_counts()
        yield
        assert row_counts() == before

    return guard


def upload(data, name="ke-hoach.txt"):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")
