"""gunicorn settings for production: `gunicorn -c config/gunicorn.conf.py` (paths relative to the project).

Environment:
  PLANFLOW_BIND          address to listen on (default 127.0.0.1:8000; put a TLS proxy in front)
  PLANFLOW_WORKERS       worker processes (default WEB_CONCURRENCY, else 2 × CPUs + 1, at most 8)
  PLANFLOW_THREADS       threads per worker (default 1)
  PLANFLOW_TIMEOUT       seconds before a silent worker is restarted (default 60)
  PLANFLOW_MAX_REQUESTS  requests after which a worker is replaced by a fresh one (default 10000)
  PLANFLOW_PROXY_SSL_HEADER  "1" behind a TLS-terminating proxy that sets X-Forwarded-Proto (the same
                         switch as Django's SECURE_PROXY_SSL_HEADER in config/settings.py). Without it
                         gunicorn trusts no forwarded header from anyone: a client cannot make a plain
                         HTTP request look like HTTPS.
  FORWARDED_ALLOW_IPS    with PLANFLOW_PROXY_SSL_HEADER: the proxies whose X-Forwarded-Proto gunicorn
                         trusts (default 127.0.0.1)

Static files are served by WhiteNoise from STATIC_ROOT: run `manage.py collectstatic --noinput` first.
Each request is logged by planflow itself (config.middleware.RequestLogMiddleware, JSON lines on
stderr), so gunicorn's own access log is off; its error log goes to stderr too.
"""

import multiprocessing
import os
import sys

# The project directory, whatever the working directory gunicorn was started from.
chdir = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, chdir)

from config.env import env_flag  # noqa: E402
from config.logging import build_logging  # noqa: E402

wsgi_app = "config.wsgi:application"
bind = os.environ.get("PLANFLOW_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("PLANFLOW_WORKERS") or os.environ.get("WEB_CONCURRENCY") or min(2 * multiprocessing.cpu_count() + 1, 8))
threads = int(os.environ.get("PLANFLOW_THREADS", 1))
timeout = int(os.environ.get("PLANFLOW_TIMEOUT", 60))
graceful_timeout = 30
# Restart each worker now and then, so a slow leak never grows for long. Not too often: a restart
# costs the worker ~2 s of CPU (imports, the PDF warm-up), and at 1000 requests the load test's
# workers restarted every ~20 s, which put its p95 above 2 s (bench/README.md).
max_requests = int(os.environ.get("PLANFLOW_MAX_REQUESTS", 10_000))
max_requests_jitter = max_requests // 10
# Forwarded headers (X-Forwarded-Proto, and SCRIPT_NAME/PATH_INFO) only from the proxy, and only when
# PLANFLOW_PROXY_SSL_HEADER says one sets them; gunicorn's default trusts three scheme headers from 127.0.0.1.
if env_flag("PLANFLOW_PROXY_SSL_HEADER"):
    forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
    secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}
else:
    forwarded_allow_ips = ""
    secure_scheme_headers = {}
accesslog = None
errorlog = "-"
loglevel = os.environ.get("PLANFLOW_GUNICORN_LOG_LEVEL", "info")
# gunicorn's own lines in planflow's format too (JSON unless PLANFLOW_LOG_FORMAT=text), secrets scrubbed.
logconfig_dict = build_logging(fmt=os.environ.get("PLANFLOW_LOG_FORMAT", "json"), level=os.environ.get("LOG_LEVEL", "WARNING"))


def post_worker_init(worker):
    """Warm WeasyPrint up in each worker before it takes requests: a process's first signed PDF
    otherwise costs ~0.5–0.9 s more than the next ones (fonts, Pango, the stylesheets), on the
    signing path (documents.pdf.warm_up). A failure here is only logged: signing then refuses
    with the reason, as without the warm-up. Then config.startup.settle (gc.freeze)."""
    try:
        from documents.pdf import warm_up

        warm_up()
    except Exception:  # the worker must start anyway
        worker.log.exception("planflow: the PDF warm-up failed")
    # Then every object alive now out of the garbage collector's full passes (config.startup):
    # they were the p95 of a 300-block plan's page (bench/NOTES.md, issue 16).
    from config.startup import settle

    settle()
