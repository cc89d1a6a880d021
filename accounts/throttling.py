"""Throttling of password guesses: the login (django-axes) and the step-up password of a main signature.

Login (web form and POST /api/auth/token/): django-axes counts failed logins per username *and*
client address; after settings.AXES_FAILURE_LIMIT failures that pair is refused for
settings.AXES_COOLOFF_TIME (PLANFLOW_LOGIN_FAILURE_LIMIT, PLANFLOW_LOGIN_LOCKOUT_MINUTES), even with
the right password. Counting both keeps one attacker from locking a colleague out from another
office, and an office behind one address from being locked out by one person's mistakes.
`lockout_response` answers a locked-out client: a Vietnamese page, or JSON under /api/.

Step-up password (workflow.services._sign, kind main): `step_up_password_ok` counts wrong passwords
per user in the cache; after PLANFLOW_STEP_UP_FAILURE_LIMIT of them within
PLANFLOW_STEP_UP_WINDOW_MINUTES the user is refused (`TooManyAttempts`, 429) until the window ends.
With several server processes the cache must be shared (REDIS_URL), or each process counts alone.

The signal receivers at the bottom write the security log (config.logging).
"""

import logging
import math

from axes.backends import AxesStandaloneBackend
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from config.logging import security_event
from config.refusals import Refusal

# --- login --------------------------------------------------------------------------------------


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' check, first in AUTHENTICATION_BACKENDS: a locked-out client is refused before
    the password is even looked at. Both HTTP entry points (accounts.views.LoginView and
    accounts.api.TokenView) pass their request; a call without one (the test client's login(), the
    shell) has no client to count, so it is not throttled."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_minutes():
    return math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)


def lockout_message():
    return _(
        "Đăng nhập sai quá %(limit)d lần: tài khoản tạm khóa trên máy này trong %(minutes)d phút. "
        "Hãy thử lại sau, hoặc liên hệ quản trị hệ thống nếu bạn quên mật khẩu."
    ) % {"limit": settings.AXES_FAILURE_LIMIT, "minutes": lockout_minutes()}


def lockout_response(request, original_response=None, credentials=None):
    """settings.AXES_LOCKOUT_CALLABLE: 429 with a Vietnamese message — JSON {"detail", "code"} for
    the API, the lockout page for the web UI."""
    retry_after = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": lockout_message(), "code": "locked_out"}, status=429)
    else:
        response = render(request, "registration/locked_out.html", {"message": lockout_message()}, status=429)
    response["Retry-After"] = retry_after
    return response


# --- step-up password of a main signature -------------------------------------------------------


class TooManyAttempts(Refusal):
    """Too many wrong step-up passwords: refused for a while (429)."""

    status = 429
    code = "too_many_attempts"


def _step_up_key(user):
    return f"planflow:step-up-failures:{user.pk}"


def _step_up_refusal():
    return TooManyAttempts(
        _("Bạn đã nhập sai mật khẩu xác nhận chữ ký quá %(limit)d lần. Hãy thử lại sau %(minutes)d phút.")
        % {"limit": settings.PLANFLOW_STEP_UP_FAILURE_LIMIT, "minutes": settings.PLANFLOW_STEP_UP_WINDOW_MINUTES}
    )


def step_up_password_ok(user, password):
    """True when `password` is `user`'s own. A wrong one is counted; at the limit, and for the rest of
    the window, raises TooManyAttempts (even for the right password)."""
    key = _step_up_key(user)
    limit = settings.PLANFLOW_STEP_UP_FAILURE_LIMIT
    window = settings.PLANFLOW_STEP_UP_WINDOW_MINUTES * 60
    if cache.get(key, 0) >= limit:
        security_event("step_up_refused", user_id=user.pk)
        raise _step_up_refusal()
    if password and user.check_password(password):
        cache.delete(key)
        return True
    cache.add(key, 0, window)
    try:
        failures = cache.incr(key)
    except ValueError:  # the entry expired between add and incr
        cache.set(key, 1, window)
        failures = 1
    security_event("step_up_failed", user_id=user.pk, failures=failures)
    if failures >= limit:
        cache.set(key, failures, window)  # refused for a whole window from this attempt
        security_event("step_up_locked", user_id=user.pk, failures=failures)
        raise _step_up_refusal()
    return False


def reset_step_up_failures(user):
    """Forget `user`'s wrong step-up passwords (an administrator's decision)."""
    cache.delete(_step_up_key(user))


# --- security log -------------------------------------------------------------------------------


@receiver(user_login_failed, dispatch_uid="planflow-log-login-failed")
def _log_login_failed(sender, credentials, request=None, **kwargs):
    # `credentials` comes cleaned by Django (the password is already starred out); only the name is logged.
    security_event("login_failed", request=request, username=str(credentials.get("username", ""))[:150])


@receiver(user_locked_out, dispatch_uid="planflow-log-locked-out")
def _log_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    security_event("login_locked_out", request=request, username=str(username or "")[:150], minutes=lockout_minutes())


@receiver(user_logged_in, dispatch_uid="planflow-log-logged-in")
def _log_logged_in(sender, request=None, user=None, **kwargs):
    if request is not None and getattr(request, "method", None) is None:
        request = None  # the test client's bare HttpRequest
    security_event("login_succeeded", request=request, level=logging.INFO, user_id=getattr(user, "pk", None))
