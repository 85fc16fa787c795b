#!/usr/bin/env bash
# Installs what the build and tests need beyond the .NET SDK: Debian's Chromium for the browser tests of the
# HTML report. Idempotent; does nothing when everything is present.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
  echo "installing Debian's chromium for the report's browser tests..." >&2
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >&2
fi
