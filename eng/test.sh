#!/usr/bin/env bash
# Runs the whole test suite the way CI does, installing what the tests need first, and ends with the plain
# line "N passed, N failed[, N skipped]" summed over every test project's results; skipped tests are listed above it
# with their reason (the browser tests, where no Chromium could be installed).
set -uo pipefail
cd "$(dirname "$0")/.."

bash eng/prerequisites.sh || { echo "error: could not install the test prerequisites (see above)" >&2; exit 1; }

results=artifacts/test-results
rm -rf "$results"
dotnet test Crossover.slnx --nologo --logger "trx" --results-directory "$results" "$@"
status=$?

passed=0; failed=0; skipped=0; files=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  n=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${n:-0}))
done

if [ "$files" -eq 0 ]; then
  echo "error: no test results were written (build failure?)" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
if [ "$skipped" -gt 0 ]; then
  # One line per reason: "SKIPPED 6 tests: no Chromium at …".
  for trx in "$results"/*.trx; do
    awk '/<UnitTestResult / { pending = ($0 ~ /outcome="NotExecuted"/) } pending && /<Message>/ { sub(/.*<Message>/, ""); sub(/<\/Message>.*/, ""); print; pending = 0 }' "$trx"
  done | sed "s/&apos;/'/g; s/&quot;/\"/g; s/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g" | sort | uniq -c | while read -r count reason; do
    echo "SKIPPED $count test(s): $reason"
  done
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ]; then exit 1; fi
exit 0
