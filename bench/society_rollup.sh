#!/usr/bin/env bash
# Benchmark of the learning-society roll-up: seed (or reuse) a national data set of
# communes, villages and yearly returns in its own PostgreSQL database, then time the
# province roll-up and the nation's of one year (society.selectors.rollup: aggregate
# queries) and the completeness summary.
# Usage:  bash bench/society_rollup.sh [VILLAGES] [COMMUNES] [YEARS]
# Environment: BENCH_DB (learnsociety_society_bench), PGHOST/PGUSER (127.0.0.1/postgres),
# SCHOOLS (1000: the schools seed_scale needs as well), RUNS (5).
set -euo pipefail
cd "$(dirname "$0")/.."
VILLAGES=${1:-100000}
COMMUNES=${2:-3300}
YEARS=${3:-7}
SCHOOLS=${SCHOOLS:-1000}
DB=${BENCH_DB:-learnsociety_society_bench}
PGHOST=${PGHOST:-127.0.0.1}
PGUSER=${PGUSER:-postgres}
PY=.venv/bin/python
export DATABASE_URL="postgres://$PGUSER@$PGHOST:5432/$DB" DEBUG=1 LOG_LEVEL=WARNING
export RUNS=${RUNS:-5}

echo "== data set: $COMMUNES communes, $VILLAGES villages x $YEARS years in $DB"
if ! psql -h "$PGHOST" -U "$PGUSER" -tAc "select 1 from pg_database where datname='$DB'" | grep -q 1; then
  createdb -h "$PGHOST" -U "$PGUSER" "$DB"
  $PY manage.py migrate --noinput -v0
  $PY manage.py load_demo --force
  $PY manage.py seed_scale --schools "$SCHOOLS" --years "$YEARS" \
    --villages "$VILLAGES" --communes "$COMMUNES"
fi
$PY manage.py shell -c "from bench.society_timings import main; main()"
