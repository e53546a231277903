#!/usr/bin/env bash
# The whole test suite on a fresh machine (Python 3.11): installs what it needs, then runs
# the linter and the unit, app and browser tests. The browser is Debian's chromium
# (/usr/bin/chromium), installed with apt-get when missing; no browser is downloaded.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -r requirements-dev.txt

if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Debian's chromium for the browser tests..."
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

# Two test workers import the same modules at once: no bytecode files, so no half-written ones.
export PYTHONDONTWRITEBYTECODE=1
python3 -m ruff check .
python3 -m ruff format --check .
python3 -m pytest -n 2 --dist loadfile "$@" tests
