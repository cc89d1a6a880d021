"""The OpenAPI schema generates without errors or warnings."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_schema_validates_without_warnings(tmp_path):
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    for path in (
        "/api/auth/token/",
        "/api/me/",
        "/api/organizations/",
        "/api/users/",
        "/api/plans/",
        "/api/plans/{id}/",
        "/api/plans/{id}/actions/",
        "/api/plans/{id}/actions/{name}/",
        "/api/plans/{id}/history/",
    ):
        assert f"  {path}:" in text
