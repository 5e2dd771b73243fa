#!/usr/bin/env bash
# Starts the app's demo call (assumes scripts/setup.sh has run).
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/assistant demo "$@"
