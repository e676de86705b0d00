#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests (#22): no Docker, no system service.
#
#   eval "$(bash tools/pg_cluster.sh start /tmp/svdesk-pg)"   # prints: export SVDESK_TEST_PG=...
#   bash tools/pg_cluster.sh stop /tmp/svdesk-pg
#
# PostgreSQL refuses to run as root, so when CI runs as root the server runs as the unprivileged
# 'postgres' user that Debian's package creates. It listens only on a Unix socket inside the
# cluster's folder (no TCP port, nothing reachable from outside) and trusts local connections:
# the data is test data and the folder is removed afterwards. The superuser is 'svdesk', so the
# tests can create and drop one database per test.
set -euo pipefail

find_bin() {
  local b
  b="$(command -v "$1" 2>/dev/null || true)"
  if [ -z "$b" ]; then
    b="$(ls -d /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -1 || true)"
  fi
  echo "$b"
}

install_server() {
  [ -n "$(find_bin initdb)" ] && return 0
  command -v apt-get >/dev/null 2>&1 || { echo "svdesk: install PostgreSQL (initdb) to run the PostgreSQL tests" >&2; return 1; }
  echo "svdesk: installing PostgreSQL from the Debian packages for the tests" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null
}

as_server_user() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

cmd="${1:-}"
dir="${2:-/tmp/svdesk-pg}"
case "$cmd" in
  start)
    install_server
    initdb="$(find_bin initdb)"
    pg_ctl="$(find_bin pg_ctl)"
    if [ -f "$dir/data/postmaster.pid" ] && as_server_user "$pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      :  # already running
    else
      rm -rf "$dir"
      mkdir -p "$dir"
      [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
      as_server_user "$initdb" -D "$dir/data" -U svdesk -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
      as_server_user "$pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-c listen_addresses='' -k $dir -c fsync=off -c full_page_writes=off -c max_connections=200" start >/dev/null
    fi
    echo "export SVDESK_TEST_PG='postgresql://svdesk@/postgres?host=$dir'"
    ;;
  stop)
    pg_ctl="$(find_bin pg_ctl)"
    [ -d "$dir/data" ] && as_server_user "$pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: pg_cluster.sh start|stop [DIR]" >&2
    exit 2
    ;;
esac
