#!/usr/bin/env bash
# Installs (when missing) and starts what the test suite needs on a Debian machine:
# PostgreSQL (started without systemd, with a test role that may create databases) and Chromium.
# Idempotent: safe to run again. Needs root or sudo for the installs.
set -euo pipefail

PG_TEST_USER="${PG_TEST_USER:-portal}"
PG_TEST_PASSWORD="${PG_TEST_PASSWORD:-portal_test_pw}"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> installing ${missing[*]} (Debian packages, about a minute)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

echo "==> starting PostgreSQL"
PGVER=$(ls /usr/lib/postgresql | sort -V | tail -1)
pg_lsclusters -h | awk '{print $2}' | grep -qx main || as_root pg_createcluster "$PGVER" main >/dev/null
as_root pg_ctlcluster "$PGVER" main status >/dev/null 2>&1 || as_root pg_ctlcluster "$PGVER" main start
for _ in $(seq 1 60); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
pg_isready -h 127.0.0.1 -p 5432 >/dev/null || { echo "PostgreSQL did not become ready on 127.0.0.1:5432" >&2; exit 1; }

as_root runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${PG_TEST_USER}') THEN
    CREATE ROLE ${PG_TEST_USER} LOGIN PASSWORD '${PG_TEST_PASSWORD}' CREATEDB;
  ELSE
    ALTER ROLE ${PG_TEST_USER} LOGIN PASSWORD '${PG_TEST_PASSWORD}' CREATEDB;
  END IF;
END
\$\$;
-- Lets the tests drop their databases WITH (FORCE) even while an autovacuum worker is on one.
GRANT pg_signal_backend TO ${PG_TEST_USER};
SQL
echo "==> PostgreSQL $PGVER ready on 127.0.0.1:5432 (role ${PG_TEST_USER}); Chromium at $(command -v chromium)"
