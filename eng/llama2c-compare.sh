#!/usr/bin/env bash
# Batch-1 decoding of the local engine against a bound or against llama2.c (issue 16; docs/benchmarks.md).
#
#   bash eng/llama2c-compare.sh
#       runs `crossover local bench --decode`: the engine (fp32 and int8) on random weights in llama2.c's stories15M
#       and stories110M shapes, against the memory-bandwidth bound measured in the same process. No network.
#   bash eng/llama2c-compare.sh --with-llama2c [MODEL_DIR] [STEPS]
#       also fetches llama2.c's run.c at a pinned commit (network needed; only when this flag is given), builds it
#       as llama2.c's `make runomp` does, exports MODEL_DIR (default: ../shared/models/stories260K-hf) with
#       `crossover local export --llama2c --tokenizer`, and runs both on the same weights: greedy, STEPS tokens
#       (default 256) from BOS, printing each one's tokens/s and whether the texts are identical.
# Threads: OMP_NUM_THREADS for run.c; the engine uses its intra-op thread count (pass THREADS=N to set both).
set -euo pipefail
cd "$(dirname "$0")/.."

LLAMA2C_COMMIT=350e04fe35433e6d2941dce5a1f53308f87058eb  # karpathy/llama2.c, the commit of the stories260K reference
with_llama2c=false
if [ "${1:-}" = "--with-llama2c" ]; then with_llama2c=true; shift; fi
model_dir=${1:-../shared/models/stories260K-hf}
steps=${2:-256}
threads=${THREADS:-0}

dotnet build src/Crossover.Cli -c Release -v q --nologo >/dev/null
crossover=(dotnet src/Crossover.Cli/bin/Release/net10.0/crossover.dll)
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"

if [ "$with_llama2c" = false ]; then
  echo "comparing against the measured memory-bandwidth bound (pass --with-llama2c to build llama2.c's run.c as well)"
  "${crossover[@]}" local bench --decode --threads "$threads"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! curl -fsSL --max-time 60 -o "$work/run.c" "https://raw.githubusercontent.com/karpathy/llama2.c/$LLAMA2C_COMMIT/run.c"; then
  echo "could not fetch llama2.c's run.c (no network?); comparing against the measured memory-bandwidth bound instead" >&2
  "${crossover[@]}" local bench --decode --threads "$threads"
  exit 0
fi
gcc -Ofast -fopenmp -march=native "$work/run.c" -lm -o "$work/run"

"${crossover[@]}" local export "$model_dir" --llama2c "$work/model.bin" --tokenizer "$work/tokenizer.bin" >/dev/null
if [ "$threads" -gt 0 ]; then export OMP_NUM_THREADS=$threads; fi
# run.c prints the text on stdout and "achieved tok/s: R" on stderr; it stops at BOS (id 1), as --stop-id 1 does here.
"$work/run" "$work/model.bin" -z "$work/tokenizer.bin" -t 0 -n "$steps" >"$work/llama2c.txt" 2>"$work/llama2c.err"
engine_args=(local generate "$model_dir" --prompt "" --max-tokens $((steps - 1)) --stop-id 1)
"${crossover[@]}" "${engine_args[@]}" >"$work/engine.txt" 2>"$work/engine.err"
echo "llama2.c run.c @ ${LLAMA2C_COMMIT:0:12}: $(grep -o 'achieved tok/s: [0-9.]*' "$work/llama2c.err")"
echo "crossover: $(grep -o 'decode [0-9]* tokens in .*' "$work/engine.err")"
if diff -q <(tr -d '\n' <"$work/llama2c.txt") <(tr -d '\n' <"$work/engine.txt") >/dev/null; then
  echo "texts: identical"
else
  echo "texts: differ"; diff <(cat "$work/llama2c.txt") <(cat "$work/engine.txt") | head -n 10
fi
