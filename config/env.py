"""Reading the environment: shared by config/settings.py and config/gunicorn.conf.py (which runs
before Django is set up, so it cannot read the settings)."""

import os


def env_flag(name, default=False):
    """True when the variable is "1", "true", "yes" or "on" (any case); `default` when it is unset."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}
