"""API tokens that end: with the password they were issued under, and when left unused.

- `IdleExpiringTokenAuthentication` (settings.REST_FRAMEWORK) is DRF's token authentication plus an
  idle limit: a token unused for PLANFLOW_TOKEN_IDLE_DAYS is deleted and refused (401,
  code "token_expired"). Its last use (accounts.models.TokenUse, read in the same query as the token)
  is written at most once per PLANFLOW_TOKEN_TOUCH_MINUTES, so a busy client costs no write per request.
- `revoke_tokens_on_password_change` (connected in accounts.apps): every path that changes a password
  ends in `User.save()` with a new hash — the password forms (yours and the admin's), the admin,
  `set_password` in the shell, `manage.py changepassword` — so a pre_save receiver comparing the
  stored hash with the new one catches all of them, and post_save deletes the user's tokens. The
  hash Django re-computes at login for the same password (a hasher upgrade) is not a change.
  (`QuerySet.update(password=…)` bypasses model signals: nothing in planflow does that.)
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import CharField
from django.db.models.signals import post_save, pre_save
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from config.compiled_queries import CompiledQuery, Param, read_together
from config.logging import security_event

from .models import TokenUse
from .roles import MEMBERSHIPS_OF_TOKEN, remember_memberships


def idle_limit():
    return timedelta(days=settings.PLANFLOW_TOKEN_IDLE_DAYS)


def touch_interval():
    return timedelta(minutes=settings.PLANFLOW_TOKEN_TOUCH_MINUTES)


def last_use(token):
    """When `token` was last used (its creation when it has no recorded use yet)."""
    use = getattr(token, "use", None) if _use_loaded(token) else TokenUse.objects.filter(token=token).first()
    return use.last_used if use is not None else token.created


def _use_loaded(token):
    return "use" in token._state.fields_cache


def is_idle(token, now=None):
    return (now or timezone.now()) - last_use(token) > idle_limit()


def record_use(token, now=None):
    """Note that `token` was used now, unless it was noted less than a touch interval ago."""
    now = now or timezone.now()
    if now - last_use(token) < touch_interval():
        return
    TokenUse.objects.update_or_create(token=token, defaults={"last_used": now})


def existing_token(user):
    return Token.objects.select_related("use").filter(user=user).first()


def token_for_login(user):
    """The user's token after a successful login: the existing one, or a new one when there is none
    or it was left idle too long. Its use is recorded."""
    token = existing_token(user)
    if token is not None and is_idle(token):
        token.delete()
        token = None
    if token is None:
        try:
            with transaction.atomic():
                token = Token.objects.create(user=user)
        except IntegrityError:  # a login of the same user at the same moment made it first
            token = existing_token(user)
    record_use(token)
    return token


# Every API request reads its token: compiled once per process (config.compiled_queries, issue 21).
TOKEN_WITH_USER = CompiledQuery(lambda: Token.objects.select_related("user", "use").filter(key=Param("key", CharField())))


class IdleExpiringTokenAuthentication(TokenAuthentication):
    """`Authorization: Token …`, refused once the token lay unused for PLANFLOW_TOKEN_IDLE_DAYS."""

    def authenticate_credentials(self, key):
        # The token with its user, and the user's memberships (which every API view asks about),
        # in one round trip.
        tokens, their_memberships = read_together([(TOKEN_WITH_USER, {"key": key}), (MEMBERSHIPS_OF_TOKEN, {"key": key})])
        if len(tokens) != 1:
            raise exceptions.AuthenticationFailed(_("Token không hợp lệ."))
        (token,) = tokens
        remember_memberships(token.user, their_memberships)
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Tài khoản này đã bị khóa."))
        now = timezone.now()
        if is_idle(token, now):
            token.delete()
            security_event("token_expired", level=logging.INFO, user_id=token.user_id)
            raise exceptions.AuthenticationFailed(
                _("Token đã hết hạn vì không được dùng trong %(days)d ngày. Hãy đăng nhập lại để lấy token mới.")
                % {"days": settings.PLANFLOW_TOKEN_IDLE_DAYS},
                code="token_expired",
            )
        record_use(token, now)
        return token.user, token


# --- a password change revokes the tokens --------------------------------------------------------


def _note_password_change(sender, instance, raw=False, update_fields=None, **kwargs):
    """pre_save: mark the user when the password hash about to be saved differs from the stored one.
    Django's own re-hash of the same password at login (a hasher upgrade: it clears `_password`
    and saves only the password field) is not a change."""
    instance._planflow_password_changed = False
    if raw or instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    rehash_at_login = getattr(instance, "_password", None) is None and update_fields is not None and set(update_fields) == {"password"}
    if rehash_at_login:
        return
    stored = sender._default_manager.filter(pk=instance.pk).values_list("password", flat=True).first()
    instance._planflow_password_changed = stored is not None and stored != instance.password


def _revoke_after_password_change(sender, instance, created=False, raw=False, **kwargs):
    if not getattr(instance, "_planflow_password_changed", False):
        return
    instance._planflow_password_changed = False
    revoked, _detail = Token.objects.filter(user=instance).delete()
    security_event("token_revoked", level=logging.INFO, user_id=instance.pk, revoked=revoked, via="password_change")


def connect_signals():
    user_model = get_user_model()
    pre_save.connect(_note_password_change, sender=user_model, dispatch_uid="planflow-note-password-change")
    post_save.connect(_revoke_after_password_change, sender=user_model, dispatch_uid="planflow-revoke-tokens-on-password-change")
