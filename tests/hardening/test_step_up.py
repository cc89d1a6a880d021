"""The step-up password of a main signature is throttled: after PLANFLOW_STEP_UP_FAILURE_LIMIT wrong
passwords the signer is refused (429, too_many_attempts) for PLANFLOW_STEP_UP_WINDOW_MINUTES."""

import pytest
from django.core.cache import cache

from accounts.throttling import TooManyAttempts, reset_step_up_failures, step_up_password_ok
from approvals.models import Signature
from config.refusals import InvalidInput
from tests.api.conftest import database_state
from tests.conftest import PASSWORD
from workflow.services import perform

pytestmark = pytest.mark.django_db

LIMIT = 5  # PLANFLOW_STEP_UP_FAILURE_LIMIT's default


def sign(client, plan, password):
    return client.post(f"/api/plans/{plan.pk}/actions/sign/", {"kind": "main", "password": password}, format="json")


def test_wrong_passwords_lock_the_signer_out_through_the_api(world, api, signing_plan):
    signer = api("signer")
    before = database_state()
    for _attempt in range(LIMIT - 1):
        response = sign(signer, signing_plan, "not-my-password")
        assert response.status_code == 400
        assert response.json()["errors"] == {"password": ["Mật khẩu xác nhận chữ ký không đúng."]}

    locked = sign(signer, signing_plan, "not-my-password")
    assert locked.status_code == 429
    body = locked.json()
    assert body["code"] == "too_many_attempts"
    assert body["detail"] == "Bạn đã nhập sai mật khẩu xác nhận chữ ký quá 5 lần. Hãy thử lại sau 15 phút."

    # The right password is refused too while the window lasts; nothing was signed.
    assert sign(signer, signing_plan, PASSWORD).status_code == 429
    assert database_state() == before
    assert not Signature.objects.filter(plan=signing_plan).exists()

    # When the window is over (its cache entry expired) the signer can sign.
    reset_step_up_failures(world["users"]["signer"])
    assert sign(signer, signing_plan, PASSWORD).status_code == 200
    assert Signature.objects.filter(plan=signing_plan, kind="main").exists()


def test_the_right_password_starts_the_count_again(world, signing_plan):
    signer = world["users"]["signer"]
    for _attempt in range(LIMIT - 1):
        with pytest.raises(InvalidInput):
            perform(signing_plan, "sign", signer, kind="main", password="wrong")
    assert cache.get(f"planflow:step-up-failures:{signer.pk}") == LIMIT - 1
    perform(signing_plan, "sign", signer, kind="main", password=PASSWORD)
    assert cache.get(f"planflow:step-up-failures:{signer.pk}") is None


def test_the_limit_comes_from_settings_and_the_web_form_shows_the_refusal(world, signing_plan, client, settings):
    settings.PLANFLOW_STEP_UP_FAILURE_LIMIT = 2
    settings.PLANFLOW_STEP_UP_WINDOW_MINUTES = 30
    client.force_login(world["users"]["signer"])
    url = f"/plans/{signing_plan.pk}/actions/sign/"

    first = client.post(url, {"kind": "main", "password": "wrong"})
    assert first.status_code == 200
    assert "Mật khẩu xác nhận chữ ký không đúng." in first.content.decode()

    second = client.post(url, {"kind": "main", "password": "wrong"}, follow=True)
    page = second.content.decode()
    assert "Bạn đã nhập sai mật khẩu xác nhận chữ ký quá 2 lần. Hãy thử lại sau 30 phút." in page
    assert second.redirect_chain[-1][0] == f"/plans/{signing_plan.pk}/"

    client.post(url, {"kind": "main", "password": PASSWORD})
    assert not Signature.objects.filter(plan=signing_plan).exists()


def test_one_persons_mistakes_do_not_lock_another(world):
    drafter, reviewer = world["users"]["drafter"], world["users"]["reviewer"]
    for _attempt in range(LIMIT - 1):
        assert step_up_password_ok(drafter, "wrong") is False
    with pytest.raises(TooManyAttempts):
        step_up_password_ok(drafter, "wrong")
    with pytest.raises(TooManyAttempts):
        step_up_password_ok(drafter, PASSWORD)
    assert step_up_password_ok(reviewer, PASSWORD) is True
    assert step_up_password_ok(reviewer, "") is False  # an empty password is a wrong one
