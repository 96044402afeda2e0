#!/usr/bin/env bash
# The whole test suite, from a fresh Debian machine: installs and starts PostgreSQL and Chromium,
# restores tools, builds with warnings as errors, runs every test project, and ends with "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/../.."

bash deploy/scripts/prerequisites.sh

export PORTAL_TEST_POSTGRES="${PORTAL_TEST_POSTGRES:-Host=127.0.0.1;Port=5432;Username=portal;Password=portal_test_pw;Database=postgres}"
export PORTAL_TEST_CHROMIUM="${PORTAL_TEST_CHROMIUM:-$(command -v chromium)}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

echo "==> validating docker-compose.yml"
# Compose v1 (Debian's docker-compose) or the v2 plugin, whichever is there; a fresh CI machine may have neither.
if command -v docker-compose >/dev/null 2>&1; then
  compose=(docker-compose)
elif command -v docker >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
else
  compose=()
fi
if [ ${#compose[@]} -eq 0 ]; then
  echo "skipped: neither docker-compose nor docker compose is installed, docker-compose.yml was not validated"
elif ! "${compose[@]}" -f docker-compose.yml config -q; then
  echo "docker-compose.yml is invalid: '${compose[*]} config -q' failed (its message is above)" >&2
  exit 1
fi

echo "==> restoring tools and packages"
dotnet tool restore >/dev/null
dotnet restore Portal.sln

echo "==> building (warnings are errors)"
dotnet build Portal.sln --no-restore -warnaserror

echo "==> running every test project"
mkdir -p .test-logs
log=.test-logs/test.log
set +e
dotnet test --solution Portal.sln --no-build 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
passed=$(awk '/^  succeeded: /{s+=$2} END{print s+0}' "$log")
failed=$(awk '/^  failed: /{s+=$2} END{print s+0}' "$log")
if [ "$failed" != 0 ]; then
  # Repeated here, at the end, so that the failures are in the last lines a CI log keeps.
  echo "==> failed tests (full log: $log)"
  grep -E -A 25 '^[[:space:]]*failed [^w]' "$log" | head -n 250 || true
fi
echo "$passed passed, $failed failed"
exit "$rc"
