"""What a web process does once, after it has loaded the application and before its first request.

`settle()` imports every view (the URLconf) and moves every object alive at that point out of the
cyclic garbage collector's reach (gc.freeze): the modules, the fonts and stylesheets of the PDF
warm-up, Django's and the libraries' caches stay for the life of the process, and a full collection
no longer walks them again. Measured (bench/NOTES.md, issue 16's 300-block plan): a full collection
in a warmed-up process took ~115 ms of CPU with ~210,000 objects tracked, ~4 ms once they were
frozen; a request for the long plan leaves ~12,000 objects in reference cycles (Django's model
instances and their prefetch caches), so a full collection came every 4–5 such requests and was the
page's p95. Objects made later are collected as before; nothing frozen is ever freed, which is
what those objects would do anyway.

It also lets the youngest generation grow to YOUNG_THRESHOLD objects (Python's default is 700)
before a collection: such a request made ~25 young collections, each moving the objects alive at
that moment (the request's own) towards the old generation, whose full collections they then
triggered; with 20,000 most of a request's cyclic garbage is freed young, and no full collection
came in 40 requests (CPU p95 of the long plan's page ~118–160 → ~90–107 ms, of its API detail
~100–120 → ~50–65 ms, at load 9–10: bench/NOTES.md).

config/gunicorn.conf.py calls it in each worker (post_worker_init, after the PDF warm-up); bench/run.py
calls it before timing the pages, as a worker would have done.
"""

import gc

YOUNG_THRESHOLD = 20_000


def settle():
    """Import the URLconf's views, collect once, freeze what is left, and set the youngest
    generation's threshold (see the module)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  (the property imports every view module)
    gc.collect()
    gc.freeze()
    _young, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)
