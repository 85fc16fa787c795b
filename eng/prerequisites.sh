#!/usr/bin/env bash
# Installs what the build and tests need beyond the .NET SDK: Debian's Chromium for the browser tests of the
# HTML report. Idempotent; does nothing when everything is present. Where Chromium cannot be installed (no apt-get,
# no root or sudo, no network) it says so in one line and succeeds: those tests are then reported as skipped with the
# reason, and every other test still runs.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p artifacts

# Chromium: apt's few hundred lines go to a log file; the terminal gets one line.
apt_log=artifacts/prerequisites-apt.log
skipped="the report's browser tests will be reported as skipped"
if [ -n "${CROSSOVER_CHROMIUM:-}" ] || command -v chromium >/dev/null 2>&1; then
  :
elif ! command -v apt-get >/dev/null 2>&1; then
  echo "prerequisites: no chromium and no apt-get to install it; $skipped (or set CROSSOVER_CHROMIUM to a Chromium binary)" >&2
else
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif sudo -n true >/dev/null 2>&1; then SUDO="sudo -n"; else SUDO="none"; fi
  if [ "$SUDO" = "none" ]; then
    echo "prerequisites: no chromium, and installing it with apt-get needs root or password-less sudo; $skipped" >&2
  else
    echo "prerequisites: installing Debian's chromium with apt-get for the report's browser tests (log: $apt_log)" >&2
    if ! { $SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium; } >"$apt_log" 2>&1; then
      echo "prerequisites: apt-get could not install chromium (see $apt_log); $skipped" >&2
    fi
  fi
fi
