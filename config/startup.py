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

config/gunicorn.conf.py calls it in each worker (post_worker_init, after the PDF warm-up); bench/run.py
calls it before timing the pages, as a worker would have done.
"""

import gc


def settle():
    """Import the URLconf's views, collect once, then freeze what is left (see the module)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  (the property imports every view module)
    gc.collect()
    gc.freeze()
