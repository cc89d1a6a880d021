"""A gunicorn worker, after its PDF warm-up and before its first request, freezes the objects alive
then out of the garbage collector's full passes and lets the young generation grow
(config.startup.settle; issue 16: the full collections were the 300-block plan's p95)."""

import gc
import runpy
from types import SimpleNamespace

from config import startup


def test_settle_freezes_what_is_alive_and_lets_the_young_generation_grow():
    threshold = gc.get_threshold()
    gc.unfreeze()
    try:
        startup.settle()
        assert gc.get_freeze_count() > 10_000  # the modules, Django's and the libraries' objects
        assert gc.get_threshold() == (startup.YOUNG_THRESHOLD, *threshold[1:])
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)


def test_each_gunicorn_worker_settles_after_its_pdf_warm_up(monkeypatch):
    done = []
    monkeypatch.setattr("documents.pdf.warm_up", lambda: done.append("warm_up"))
    monkeypatch.setattr("config.startup.settle", lambda: done.append("settle"))
    conf = runpy.run_path("config/gunicorn.conf.py")
    conf["post_worker_init"](SimpleNamespace(log=None))
    assert done == ["warm_up", "settle"]
