"""DRF's own field messages come back in Vietnamese (the project's vi catalogue overrides DRF's)."""

from rest_framework.test import APIClient


def test_required_field_message_is_vietnamese(world):
    client = APIClient()
    client.force_authenticate(world["users"]["drafter"])
    response = client.post("/api/plans/", {"organization": world["district"].pk}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["subject"] == ["Trường này là bắt buộc."]


def test_drf_only_message_is_vietnamese(world):
    client = APIClient()
    client.force_authenticate(world["users"]["drafter"])
    body = {"organization": world["district"].pk, "subject": "Kế hoạch", "budget_lines": [{"item": "Hỗ trợ", "unit_cost": "nhiều"}]}
    response = client.post("/api/plans/", body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["budget_lines[0].unit_cost"] == ["Cần một số nguyên hợp lệ."]


def test_malformed_json_message_is_vietnamese(world):
    client = APIClient()
    client.force_authenticate(world["users"]["drafter"])
    response = client.post("/api/plans/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "JSON" in response.json()["detail"] or "cú pháp" in response.json()["detail"]
