#!/usr/bin/env bash
# The whole test suite: static checks, then pytest with the real models, VAD,
# sound server, SQLite and Qt (offscreen). Assumes scripts/setup.sh has run.
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen HF_HUB_OFFLINE=1
export OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 MKL_NUM_THREADS=2

echo "== ruff"; .venv/bin/ruff check assistant tests scripts benchmarks
echo "== mypy"; .venv/bin/mypy
echo "== import-linter"; .venv/bin/lint-imports --no-cache
echo "== pytest"; .venv/bin/pytest -q -p no:cacheprovider "$@"
