#!/usr/bin/env bash
# Set up (first time) and run every test headless. Extra arguments go to pytest.
set -euo pipefail
source "$(dirname "$0")/tools/bootstrap.sh"
install_system_libs
setup_venv requirements-test.lock
cd "$ROOT"
export QT_QPA_PLATFORM=offscreen
exec "$VENV/bin/python" -m pytest "$@"
