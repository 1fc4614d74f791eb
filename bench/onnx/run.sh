#!/usr/bin/env bash
# Decode throughput of the Java generation loop on ONNX Runtime vs onnxruntime's Python API on the same exported
# model, same 32 prompt ids, same session settings (ORT_ENABLE_ALL, sequential, inter-op 1, intra-op THREADS),
# greedy, prefill excluded. Java and Python runs alternate so load from other processes hits both alike; medians.
#
#   bench/onnx/run.sh [MODEL_DIR] [STEPS] [THREADS]        (env: RUNS=3, PHASES="wall cpu", PYTHON=...)
#
# Phase "wall": wall-clock tokens/s, Java vs tools/export/bench_ort_decode.py (THREADS intra-op threads).
# Phase "cpu":  one intra-op thread, so ONNX Runtime computes on the calling thread: CPU milliseconds per decode
#               token of that thread, Java vs bench/onnx/ort_decode_cpu.py. This one stays meaningful on a machine
#               that other work keeps busy, where wall-clock figures swing by tens of percent between runs.
# MODEL_DIR defaults to the random-weight Qwen2.5-0.5B-shaped export (tools/export/make_tiny_fixtures.py
# --bench-model; not committed).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
MODEL="${1:-/work/bench-models/qwen2.5-0.5b-random/onnx}"
STEPS="${2:-32}"
THREADS="${3:-2}"
PROMPT=32
RUNS="${RUNS:-3}"
PHASES="${PHASES:-wall cpu}"
PY="${PYTHON:-$ROOT/tools/export/.venv/bin/python}"

cd "$ROOT"
CP_FILE="$ROOT/zikos-backend-onnx/target/bench.classpath"
if [[ ! -s "$CP_FILE" || "$ROOT/zikos-backend-onnx/pom.xml" -nt "$CP_FILE" ]]; then
  mvn -B -q -o dependency:build-classpath -pl zikos-backend-onnx -Dmdep.outputFile="$CP_FILE" >/dev/null
fi
CP="$ROOT/zikos-backend-onnx/target/classes:$(cat "$CP_FILE")"

java_run() { # threads
  # Serial GC: no parallel GC worker threads competing with the intra-op threads on small machines.
  java -XX:+UseSerialGC -cp "$CP" "$ROOT/bench/onnx/OnnxDecodeBench.java" "$MODEL" --prompt "$PROMPT" --steps "$STEPS" \
    --threads "$1" --runs 1 2>&1 | grep -v -e 'W:onnxruntime' -e '^SLF4J'
}
median() { grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { # label java python unit higher-is-better(1|0)
  awk -v l="$1" -v j="$2" -v p="$3" -v u="$4" -v hb="$5" 'BEGIN {
    r = hb ? j / p : p / j;
    printf "RESULT %s: java=%s %s  python-ort=%s %s  java speed relative to python=%.3f (%+.1f %%)\n", l, j, u, p, u, r, (r - 1) * 100 }'
}

echo "== model: $MODEL  prompt: $PROMPT ids  decode steps: $STEPS  runs: $RUNS (median)  java: $(java -version 2>&1 | head -1)"
if [[ " $PHASES " == *" wall "* ]]; then
  echo "-- wall clock, $THREADS intra-op threads"
  J="" P=""
  for ((r = 0; r < RUNS; r++)); do
    OUT="$(java_run "$THREADS")"; echo "$OUT"
    J+="$(sed -n 's/^java_decode_tok_s=//p' <<<"$OUT")"$'\n'
    LINE="$("$PY" "$ROOT/tools/export/bench_ort_decode.py" --model "$MODEL" --tokens "$STEPS" --threads "$THREADS")"
    echo "python: $LINE"
    P+="$(sed -n 's/.*"decode_tokens_per_s": \([0-9.]*\).*/\1/p' <<<"$LINE")"$'\n'
  done
  WALL="$(ratio "wall-clock decode" "$(median <<<"$J")" "$(median <<<"$P")" tok/s 1)"
  echo "$WALL"
fi
if [[ " $PHASES " == *" cpu "* ]]; then
  echo "-- CPU time per decode token, 1 intra-op thread"
  J="" P=""
  for ((r = 0; r < RUNS; r++)); do
    OUT="$(java_run 1)"; echo "$OUT"
    J+="$(sed -n 's/^java_cpu_ms_per_tok=//p' <<<"$OUT")"$'\n'
    LINE="$("$PY" "$ROOT/bench/onnx/ort_decode_cpu.py" --model "$MODEL" --tokens "$STEPS" --threads 1)"
    echo "$LINE"
    P+="$(sed -n 's/.*cpu_ms_per_tok=\([0-9.]*\).*/\1/p' <<<"$LINE")"$'\n'
  done
  CPU="$(ratio "cpu per decode token" "$(median <<<"$J")" "$(median <<<"$P")" ms 0)"
  echo "$CPU"
fi
[[ -n "${WALL:-}" ]] && echo "$WALL"
[[ -n "${CPU:-}" ]] && echo "$CPU"
exit 0
