"""Who is acting and why, for django-simple-history rows written inside a service call.

`with acting(user, reason):` makes every historical record created inside it carry that user
and change reason, so services need not set `_history_user` on each instance they save.
"""

import contextvars
from contextlib import contextmanager

from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record

_current = contextvars.ContextVar("planflow_acting", default=None)


@contextmanager
def acting(user, reason):
    token = _current.set((user, reason))
    try:
        yield
    finally:
        _current.reset(token)


@receiver(pre_create_historical_record)
def _fill_actor_and_reason(sender, history_instance, **kwargs):
    current = _current.get()
    if current is None:
        return
    user, reason = current
    if user is not None and getattr(user, "is_authenticated", False):
        history_instance.history_user = user
    if not history_instance.history_change_reason:
        history_instance.history_change_reason = reason
