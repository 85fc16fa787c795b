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

# The community price database `crossover catalog check` compares the bundled catalog with (test: PriceCheckTests):
# the MIT-licensed npm package @pydantic/genai-prices, pinned, installed into artifacts/genai-prices/ (git-ignored) and
# dumped to artifacts/genai-prices/data.json. Without npm the test reports itself skipped, with the reason.
GENAI_PRICES_VERSION=0.1.8
GENAI_PRICES_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/artifacts/genai-prices"
if ! command -v npm >/dev/null 2>&1; then
  echo "prerequisites: npm not found: the catalog check against @pydantic/genai-prices will be skipped (install Node.js and npm, then rerun)" >&2
elif ! grep -qs "\"version\": \"$GENAI_PRICES_VERSION\"" "$GENAI_PRICES_DIR/data.json"; then
  npm_log=artifacts/prerequisites-npm.log
  echo "prerequisites: installing @pydantic/genai-prices@$GENAI_PRICES_VERSION into artifacts/genai-prices (log: $npm_log)" >&2
  mkdir -p "$GENAI_PRICES_DIR"
  if npm install --prefix "$GENAI_PRICES_DIR" --no-audit --no-fund --no-save --silent "@pydantic/genai-prices@$GENAI_PRICES_VERSION" >"$npm_log" 2>&1 \
    && node "$(dirname "${BASH_SOURCE[0]}")/genai-prices-dump.mjs" "$GENAI_PRICES_DIR" > "$GENAI_PRICES_DIR/data.json.tmp"; then
    mv "$GENAI_PRICES_DIR/data.json.tmp" "$GENAI_PRICES_DIR/data.json"
  else
    rm -f "$GENAI_PRICES_DIR/data.json.tmp"
    echo "prerequisites: could not install @pydantic/genai-prices (see $npm_log): the catalog check test will fail until this script succeeds" >&2
  fi
fi

# axe-core, the accessibility engine the report's browser tests inject into Chromium to check WCAG 2.1 AA
# (test: ReportAccessibilityTests): the MPL-2.0 npm package, pinned, installed into artifacts/axe-core/ (git-ignored).
# Without npm those tests report themselves skipped, with the reason.
AXE_CORE_VERSION=4.14.1
AXE_CORE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/artifacts/axe-core"
if ! command -v npm >/dev/null 2>&1; then
  echo "prerequisites: npm not found: the report's accessibility tests will be skipped (install Node.js and npm, then rerun)" >&2
elif ! grep -qs "\"version\": \"$AXE_CORE_VERSION\"" "$AXE_CORE_DIR/node_modules/axe-core/package.json"; then
  axe_log=artifacts/prerequisites-axe-core.log
  echo "prerequisites: installing axe-core@$AXE_CORE_VERSION into artifacts/axe-core (log: $axe_log)" >&2
  mkdir -p "$AXE_CORE_DIR"
  if ! npm install --prefix "$AXE_CORE_DIR" --no-audit --no-fund --no-save --silent "axe-core@$AXE_CORE_VERSION" >"$axe_log" 2>&1; then
    echo "prerequisites: could not install axe-core (see $axe_log): the report's accessibility tests will be skipped" >&2
  fi
fi
