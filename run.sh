#!/usr/bin/env bash
# Set up (first time) and start svdesk. Arguments pass through, e.g. ./run.sh --db ~/firm.svdesk
set -euo pipefail
source "$(dirname "$0")/tools/bootstrap.sh"
install_system_libs x11
setup_venv requirements.lock
exec "$VENV/bin/python" -m svdesk "$@"
