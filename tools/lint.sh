#!/usr/bin/env bash
# The static gate, run by .ci/run before the tests: ruff's lint rules, ruff's formatting and
# mypy, all configured in pyproject.toml. Uses the venv ./test.sh sets up (or $VENV).
#
#   tools/lint.sh            check everything; exit 1 if any check fails
#
# Every check runs even when an earlier one fails, so one run lists all that needs doing.
set -uo pipefail
source "$(dirname "$0")/bootstrap.sh"
setup_venv requirements-test.lock
cd "$ROOT"

status=0
run() {
  echo "lint: $*"
  "$@" || status=1
}
run "$VENV/bin/ruff" check .
run "$VENV/bin/ruff" format --check .
run "$VENV/bin/mypy"
[ "$status" -eq 0 ] && echo "lint: all checks passed" || echo "lint: some checks failed (see above)" >&2
exit "$status"
