#!/usr/bin/env bash
# A short load test of the production stack on loopback only (never part of make test):
# gunicorn (config/gunicorn.conf.py, DJANGO_DEBUG off) against PostgreSQL, with Redis (LOADTEST_REDIS_URL,
# default database 14 of the local server; "off" runs without) as the cache and the broker of a Celery
# worker that sends the mails, as `make serve` runs them; then wrk with
# LOADTEST_CONNECTIONS (20) connections for LOADTEST_SECONDS (30) over the API's list, detail and
# history endpoints with a demo drafter's token; then the mixed workload of issue 21 (bench/loadmix.py:
# LOADTEST_CONNECTIONS connections, 80 % reads and 20 % actions — submit/withdraw — through the API,
# each request timed on the client) for LOADTEST_SECONDS, closed (each connection sends again as soon
# as it is answered), then open at LOADTEST_RATE requests a second in all (default 100; "off" skips it).
# Writes the "serve" figures (wrk's, then the closed mix's: actions_p50_ms, actions_p95_ms, reads_p95_ms,
# …, then the open mix's: open_rate, open_actions_p95_ms, …) into bench/results.json.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk > /dev/null || { echo "wrk is missing (Debian package wrk; make loadtest installs it)"; exit 1; }

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/planflow_bench}"
export DJANGO_DEBUG=0 PLANFLOW_SSL_REDIRECT=0 ALLOWED_HOSTS=127.0.0.1
# The bench database was filled under the development key (PLANFLOW_TESTING, see config/settings.py);
# its signing keys are encrypted with it, so the load test runs with the same key. Never in production.
export SECRET_KEY="${SECRET_KEY:-planflow-insecure-development-key-do-not-use-in-production}"
PORT="${LOADTEST_PORT:-8765}"
# 3 gunicorn workers: on this 2-core machine the workers share the cores with PostgreSQL, Redis, the
# Celery worker and the load's own client; in interleaved runs of the mix 3 served it best (closed
# actions p95 142-149 ms against 155-174 with 4 and 164-172 with 5; bench/NOTES.md).
WORKERS="${WEB_WORKERS:-3}"
CONNECTIONS="${LOADTEST_CONNECTIONS:-20}"
SECONDS_="${LOADTEST_SECONDS:-30}"
PY=.venv/bin/python
REDIS="${LOADTEST_REDIS_URL:-redis://127.0.0.1:6379/14}"
RATE="${LOADTEST_RATE:-100}"

$PY manage.py migrate --noinput -v0
$PY manage.py loaddemo > /dev/null  # idempotent: the demo accounts log in with PLANFLOW_DEMO_PASSWORD
# Statistics for the rows just written (the demo plans, gen_scale's bulk rows): with none, PostgreSQL
# guesses one block for a new plan and merge-joins it to the whole task index (20 ms a plan detail
# instead of 0.2; bench/NOTES.md). A production database has autovacuum's analyze for this.
$PY manage.py shell -c "from django.db import connection; connection.cursor().execute('ANALYZE')"
$PY manage.py collectstatic --noinput -v0

worker=""
if [ "$REDIS" != "off" ]; then
  # Production sends the mails from a Celery worker (make serve); the worker's CPU is on this machine too.
  export REDIS_URL="$REDIS"
  redis-cli -u "$REDIS" FLUSHDB > /dev/null  # no mail queued by an earlier run
  .venv/bin/celery -A config worker --loglevel=WARNING --concurrency=1 > /tmp/planflow-loadtest-celery.log 2>&1 &
  worker=$!
fi
PLANFLOW_BIND="127.0.0.1:$PORT" PLANFLOW_WORKERS="$WORKERS" .venv/bin/gunicorn -c config/gunicorn.conf.py > /tmp/planflow-loadtest-gunicorn.log 2>&1 &
server=$!
trap 'kill $server $worker 2> /dev/null || true; wait $server $worker 2> /dev/null || true' EXIT
for _ in $(seq 1 60); do curl -s -o /dev/null "http://127.0.0.1:$PORT/api/schema/" && break; sleep 0.5; done

base="http://127.0.0.1:$PORT"
token=$(curl -sf -H 'Content-Type: application/json' \
  -d "{\"username\": \"drafter\", \"password\": \"${PLANFLOW_DEMO_PASSWORD:-planflow-demo}\"}" "$base/api/auth/token/" |
  $PY -c 'import json, sys; print(json.load(sys.stdin)["token"])')
plan=$(curl -sf -H "Authorization: Token $token" "$base/api/plans/" | $PY -c 'import json, sys; print(json.load(sys.stdin)["results"][0]["id"])')
paths="/api/plans/,/api/plans/?state=draft,/api/plans/$plan/,/api/plans/$plan/history/,/api/me/"

echo "== wrk: $CONNECTIONS connections, ${SECONDS_} s, $WORKERS gunicorn workers, paths $paths"
# tee -a: appending, so a log file that stderr is redirected to is not truncated (tee opens it anew)
result=$(TOKEN="$token" PATHS="$paths" wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_}s" --timeout 10s -s bench/loadtest.lua "$base" | tee -a /dev/stderr | grep '^RESULT')

echo "== mixed workload: $CONNECTIONS connections, ${SECONDS_} s, 80 % reads / 20 % actions (bench/loadmix.py)"
mix=$($PY bench/loadmix.py --base "$base" --connections "$CONNECTIONS" --seconds "$SECONDS_" | tail -1)
echo "$mix"

open_mix="{}"
if [ "$RATE" != "off" ]; then
  echo "== open mix: $RATE requests/s in all from $CONNECTIONS connections, ${SECONDS_} s (bench/loadmix.py --rate)"
  open_mix=$($PY bench/loadmix.py --base "$base" --connections "$CONNECTIONS" --seconds "$SECONDS_" --rate "$RATE" | tail -1)
  echo "$open_mix"
fi

MIX="$mix" OPEN_MIX="$open_mix" RESULT="$result" WORKERS="$WORKERS" CONNECTIONS="$CONNECTIONS" PATHS="$paths" $PY - << 'PYEOF'
import json, os, pathlib
figures = dict(pair.split("=") for pair in os.environ["RESULT"].split()[1:])
serve = {key: float(value) if "." in value else int(value) for key, value in figures.items()}
serve.update(json.loads(os.environ["MIX"]))
serve.update(json.loads(os.environ["OPEN_MIX"]))
serve.update(tool="wrk (reads); bench/loadmix.py (mix)", gunicorn_workers=int(os.environ["WORKERS"]), connections=int(os.environ["CONNECTIONS"]), paths=os.environ["PATHS"].split(","))
serve["mail"] = "Celery worker (Redis)" if os.environ.get("REDIS_URL") else "in the request (eager, no Redis)"
path = pathlib.Path("bench/results.json")
results = json.loads(path.read_text()) if path.exists() else {}
results["serve"] = serve
path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
print(json.dumps(serve, indent=1))
PYEOF
