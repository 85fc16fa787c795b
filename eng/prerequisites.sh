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

# The community price database `crossover catalog check` compares the bundled catalog with (test: PriceCheckTests):
# the MIT-licensed npm package @pydantic/genai-prices, pinned, installed into artifacts/genai-prices/ (git-ignored) and
# dumped to artifacts/genai-prices/data.json. Without npm the test reports itself skipped, with the reason.
GENAI_PRICES_VERSION=0.1.8
GENAI_PRICES_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/artifacts/genai-prices"
if ! command -v npm >/dev/null 2>&1; then
  echo "npm not found: the catalog check against @pydantic/genai-prices will be skipped (install Node.js and npm, then rerun)" >&2
elif ! grep -qs "\"version\": \"$GENAI_PRICES_VERSION\"" "$GENAI_PRICES_DIR/data.json"; then
  echo "installing @pydantic/genai-prices@$GENAI_PRICES_VERSION into artifacts/genai-prices..." >&2
  mkdir -p "$GENAI_PRICES_DIR"
  if npm install --prefix "$GENAI_PRICES_DIR" --no-audit --no-fund --no-save --silent "@pydantic/genai-prices@$GENAI_PRICES_VERSION" >&2 \
    && node "$(dirname "${BASH_SOURCE[0]}")/genai-prices-dump.mjs" "$GENAI_PRICES_DIR" > "$GENAI_PRICES_DIR/data.json.tmp"; then
    mv "$GENAI_PRICES_DIR/data.json.tmp" "$GENAI_PRICES_DIR/data.json"
  else
    rm -f "$GENAI_PRICES_DIR/data.json.tmp"
    echo "could not install @pydantic/genai-prices: the catalog check test will fail until this script succeeds" >&2
  fi
fi
