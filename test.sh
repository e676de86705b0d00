#!/usr/bin/env bash
# Set up (first time) and run every test headless. Extra arguments go to pytest.
# The store, service and export tests also run on PostgreSQL (#22): a throwaway cluster is started
# for the run (tools/pg_cluster.sh, installing Debian's postgresql if needed) unless SVDESK_TEST_PG
# already names a server. Where PostgreSQL cannot be set up, those tests are skipped with a
# message on a developer's machine and fail in CI.
set -euo pipefail
source "$(dirname "$0")/tools/bootstrap.sh"
install_system_libs
setup_venv requirements-test.lock
cd "$ROOT"
export QT_QPA_PLATFORM=offscreen
pg_dir=""
if [ -z "${SVDESK_TEST_PG:-}" ]; then
  pg_dir="$(mktemp -d "${TMPDIR:-/tmp}/svdesk-test-pg.XXXXXX")"
  if started="$(bash tools/pg_cluster.sh start "$pg_dir")"; then
    eval "$started"
  else
    echo "svdesk: PostgreSQL could not be started here; its tests will be skipped" >&2
    rm -rf "$pg_dir"
    pg_dir=""
  fi
fi
status=0
"$VENV/bin/python" -m pytest "$@" || status=$?
[ -n "$pg_dir" ] && bash tools/pg_cluster.sh stop "$pg_dir"
exit $status
