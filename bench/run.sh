#!/usr/bin/env bash
# Benchmark: seed (or reuse) a data set in its own PostgreSQL database, serve the app with
# gunicorn (fixed workers, production settings), drive it with locust headless, print a
# table.  Usage:  bash bench/run.sh [SCHOOLS] [YEARS]
# The pages are every GET page each role can open, generated from the permission matrix by
# bench/pagelist.py (several hundred: a full run takes hours at 20 s a page).
# Environment: BENCH_DB (learnsociety_bench), PGHOST/PGUSER (127.0.0.1/postgres),
# WORKERS (4), USERS (20), PAGE_SECONDS (20 per page), MIXED_SECONDS (60), PORT (8099),
# REDIS_URL (redis://127.0.0.1:6379/13), BENCH_ONLY (regular expression: only the pages
# whose label matches, plus the two references), BENCH_FILES=1 (also the file downloads),
# SWEEP=<seconds> (every page in one locust run, a window of that many seconds each, instead
# of one locust run per page: the whole list in a third of the time),
# MIXED_ONLY=1 (only the mixed run of every role: p95 with think time over a long run),
# MIXED_EVEN=1 (the mixed run requests every page equally often, for a p95 per page),
# BENCH_TRACE=<file> (each request's wall, CPU and database time as the web worker saw
# it, bench/trace.py; read it with bench/stalls.py), SKIP_JOBS=1 (no whole-data-set
# jobs), BEAT=0 (no Celery worker with beat during the
# runs), CELERY_NICE (10: the worker's niceness, below the web workers), DATABASE_URL (instead of PostgreSQL, e.g. a SQLite
# file for a smoke run), SCHOOLS=0 (the demo province only, no generated data set).
set -euo pipefail
cd "$(dirname "$0")/.."
SCHOOLS=${1:-5000}
YEARS=${2:-2}
DB=${BENCH_DB:-learnsociety_bench}
PGHOST=${PGHOST:-127.0.0.1}
PGUSER=${PGUSER:-postgres}
WORKERS=${WORKERS:-4}
USERS=${USERS:-20}
# not SECONDS: bash keeps the seconds since the shell started in that variable
SECONDS_PER_PAGE=${PAGE_SECONDS:-20}
MIXED_SECONDS=${MIXED_SECONDS:-60}
PORT=${PORT:-8099}
OUT=${OUT:-/tmp/learnsociety-bench}
PY=.venv/bin/python
mkdir -p "$OUT"

# locust lives only in the venv, from bench/requirements.txt (not in requirements.lock).
.venv/bin/locust --version >/dev/null 2>&1 || .venv/bin/pip install -q -r bench/requirements.txt

if [ -z "${DATABASE_URL:-}" ]; then
  export DATABASE_URL="postgres://$PGUSER@$PGHOST:5432/$DB"
  psql -h "$PGHOST" -U "$PGUSER" -tAc "select 1 from pg_database where datname='$DB'" | grep -q 1 \
    || createdb -h "$PGHOST" -U "$PGUSER" "$DB"
fi
# an empty REDIS_URL (set but empty) runs without Redis: local-memory cache per worker
export REDIS_URL=${REDIS_URL-redis://127.0.0.1:6379/13}
export SITE_URL=${SITE_URL:-http://127.0.0.1:$PORT}
export DEBUG=0 ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 SECURE_HSTS_SECONDS=0
export SECRET_KEY=${SECRET_KEY:-$($PY -c 'import secrets; print(secrets.token_urlsafe(64))')}
export STATIC_ROOT="$OUT/static" VAR_DIR="$OUT" MEDIA_ROOT="$OUT/media"
export BENCH=1 DJANGO_SETTINGS_MODULE=bench.settings LOG_LEVEL=WARNING

echo "== data set: $SCHOOLS schools x $YEARS years in $DATABASE_URL"
$PY manage.py migrate --noinput -v0
$PY manage.py load_demo --force --if-empty
[ "$SCHOOLS" = 0 ] || $PY manage.py seed_scale --schools "$SCHOOLS" --years "$YEARS" --reuse
$PY tools/compile_messages.py >/dev/null
$PY manage.py collectstatic --noinput -v0

echo "== gunicorn: $WORKERS workers on 127.0.0.1:$PORT"
.venv/bin/gunicorn learnsociety.wsgi --workers "$WORKERS" --bind "127.0.0.1:$PORT" \
  --access-logfile /dev/null --error-logfile "$OUT/gunicorn.log" --pid "$OUT/gunicorn.pid" \
  --timeout 120 &
GUNICORN=$!
cleanup() {
  for pid in "$GUNICORN" ${CELERY:-}; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
for _ in $(seq 60); do curl -fs "http://127.0.0.1:$PORT/health/" >/dev/null && break; sleep 1; done

HOST="http://127.0.0.1:$PORT"
$PY manage.py shell -v 0 -c "exec(open('bench/targets.py').read())" >"$OUT/targets.json"
$PY manage.py shell -v 0 -c "exec(open('bench/pagelist.py').read())" >"$OUT/pages.json"
# every role of the page list, the generated province's staff_p01 and officer_p01 included
$PY bench/login.py "$HOST" "$OUT/pages.json" >"$OUT/sessions.json"
export BENCH_SESSIONS="$OUT/sessions.json" BENCH_PAGES="$OUT/pages.json"
echo "pages: $(cd bench && ../.venv/bin/python -c 'from pages import PAGES; print(len(PAGES))')"
DISTRICT=$($PY -c "import json;print(json.load(open('$OUT/targets.json'))['district'])")
# As in production, a Celery worker with beat renews the cached figures in the background
# while people click, throughout the run (BEAT=0: without it, so that whoever comes after the
# figures expire recomputes them, as in the runs before 01/12/2026).
# Beat runs its first refresh one period after it starts: the run starts with one done now.
# Its reminder scan is left out (REMINDER_SCAN_SECONDS a day): over a generated data set the
# first scan sends tens of thousands of reminders, which would take the CPU from the pages
# measured (the scan is timed on its own below, with the whole-data-set jobs).
if [ "${BEAT:-1}" = 1 ]; then
  export REMINDER_SCAN_SECONDS=86400
  $PY manage.py shell -v 0 -c "from dashboard.tasks import refresh_dashboard; refresh_dashboard()"
  # The worker yields the CPU to gunicorn: its renewals are background work, and a page
  # waiting behind them is what people notice (its share was 3% of a core in the mixed
  # runs of 01/12/2026, so the niceness changed little there).
  (exec nice -n "${CELERY_NICE:-10}" .venv/bin/celery -A learnsociety worker -B --concurrency 1 --loglevel WARNING \
    --schedule "$OUT/celerybeat-schedule" >"$OUT/celery.log" 2>&1) &
  CELERY=$!
fi

cd bench
rm -f "$OUT"/page-*_stats.csv "$OUT/sweep.json" "$OUT"/sweep_*.csv
if [ "${MIXED_ONLY:-0}" = 1 ]; then
  echo "== no capacity runs (MIXED_ONLY=1)"
elif [ -n "${SWEEP:-}" ]; then
  WINDOWS=$(../.venv/bin/python -c 'from pages import sweep_order; print(len(sweep_order()))')
  echo "== sweep: $WINDOWS windows of $SWEEP s"
  BENCH_SWEEP="$SWEEP" ../.venv/bin/locust -f locustfile.py --headless -u "$USERS" -r "$USERS" \
    -t "$(../.venv/bin/python -c "print(int($WINDOWS * $SWEEP + 5))")s" --host "$HOST" \
    --csv "$OUT/sweep" --only-summary --loglevel WARNING >/dev/null 2>"$OUT/sweep.err" || true
  echo "{\"seconds\": $SWEEP}" >"$OUT/sweep.json"
fi
[ -n "${SWEEP:-}" ] || [ "${MIXED_ONLY:-0}" = 1 ] || ../.venv/bin/python -c 'from pages import PAGES; print("\n".join(PAGES))' | while read -r PAGE; do
  SLUG=$(../.venv/bin/python -c 'import sys; from report import _slug; print(_slug(sys.argv[1]))' "$PAGE")
  echo "== $PAGE"
  BENCH_PAGE="$PAGE" ../.venv/bin/locust -f locustfile.py --headless -u "$USERS" -r "$USERS" \
    -t "${SECONDS_PER_PAGE}s" --host "$HOST" --csv "$OUT/page-$SLUG" --only-summary \
    --loglevel WARNING >/dev/null 2>"$OUT/page-$SLUG.err" || true
done
echo "== mixed journeys"
../.venv/bin/locust -f locustfile.py --headless -u "$USERS" -r "$USERS" -t "${MIXED_SECONDS}s" \
  --host "$HOST" --csv "$OUT/mixed" --only-summary --loglevel WARNING >/dev/null \
  2>"$OUT/mixed.err" || true
cd ..

cleanup
trap - EXIT
if [ "${SKIP_JOBS:-0}" = 1 ]; then (cd bench && ../.venv/bin/python report.py "$OUT"); exit 0; fi
echo "== whole-data-set jobs"
# Exports run in a process of their own so that its peak memory (RSS) can be read: the
# whole country, then one district, to compare.
for url in "/units/schools/?export=xlsx" "/units/schools/?export=xlsx&area=$DISTRICT" \
           "/dashboard/export/schools/?format=xlsx" "/dashboard/export/schools/?format=xlsx&area=$DISTRICT"; do
  EXPORT_URL="$url" $PY manage.py shell -v 0 -c "exec(open('bench/export_check.py').read())" 2>&1 | tail -1
done
for run in 1 2; do
  /usr/bin/time -f "%e s, max RSS %M KB" -o "$OUT/reminders-$run.time" \
    $PY manage.py send_reminders >"$OUT/reminders-$run.log" 2>&1 || true
  [ -n "${REDIS_URL:-}" ] && redis-cli -u "$REDIS_URL" flushdb >/dev/null 2>&1 || true  # drop queued deliveries (no worker here)
  echo "send_reminders run $run: $(tail -1 "$OUT/reminders-$run.time"); $(tail -1 "$OUT/reminders-$run.log")"
done
(cd bench && ../.venv/bin/python report.py "$OUT")
