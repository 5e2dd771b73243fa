#!/usr/bin/env bash
# Sets up everything on a fresh Debian/Ubuntu machine, idempotently:
# system packages, a virtualenv in .venv, the Python dependencies and the
# Whisper models under models/. Fast when there is nothing to do.
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(
  espeak-ng ffmpeg sox libportaudio2
  pulseaudio pulseaudio-utils libasound2-plugins
  xvfb xauth libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-image0
  libxcb-render-util0 libxcb-xkb1 libxkbcommon-x11-0 libxcb-randr0 libxcb-shape0
  libxcb-xinerama0 libegl1 libgl1 libfontconfig1 libdbus-1-3 fonts-dejavu-core
)

missing=()
for pkg in "${SYSTEM_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "setup: installing system packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$PYTHON" -m venv .venv
fi

# Reinstall the Python side only when the project's dependencies changed.
stamp=.venv/.deps-stamp
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing Python dependencies"
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e ".[app,dev,cluster]"
  echo "$want" >"$stamp"
fi

# The window's translations: .ts sources in the repo, .qm compiled here (and into the wheel).
.venv/bin/python assistant/i18n/qm.py assistant/data/i18n/*.ts --out-dir assistant/data/i18n >/dev/null

.venv/bin/assistant models install --quiet
