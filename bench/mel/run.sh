#!/usr/bin/env bash
# Java log-mel features vs transformers' WhisperFeatureExtractor(feature_size=128), ms per 30 s window, warm,
# single thread, same audio, same machine. Usage (from anywhere):
#   bench/mel/run.sh [16kHz-mono-pcm16.wav] [rounds]
# PYTHON defaults to tools/export/.venv/bin/python (needs transformers, soundfile; torch for the torch path the
# Music Flamingo processors use). The Java side needs only a JDK 17: it compiles the mel sources with javac.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
WAV="${1:--}"
ROUNDS="${2:-50}"
PYTHON="${PYTHON:-$ROOT/tools/export/.venv/bin/python}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

javac -d "$OUT" -sourcepath zikos-api/src/main/java:zikos-dsp/src/main/java \
  zikos-dsp/src/test/java/io/zikos/dsp/mel/MelBenchmark.java
JAVA_LINE="$(java -cp "$OUT" io.zikos.dsp.mel.MelBenchmark "$WAV" "$ROUNDS")"
PY_LINE="$(OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 "$PYTHON" bench/mel/bench_transformers.py "$WAV" "$ROUNDS" 2>/dev/null \
  | grep '^{')"
echo "$JAVA_LINE"
echo "$PY_LINE"
"$PYTHON" - "$JAVA_LINE" "$PY_LINE" <<'PY'
import json, sys
j, p = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(json.dumps({
    "java_ms_per_window": j["ms_per_window_median"], "transformers_ms_per_window": p["ms_per_window_median"],
    "speedup_wall_median": round(p["ms_per_window_median"] / j["ms_per_window_median"], 2),
    "java_cpu_ms_per_window": j["cpu_ms_per_window_median"],
    "transformers_cpu_ms_per_window": p["cpu_ms_per_window_median"],
    "speedup_cpu_median": round(p["cpu_ms_per_window_median"] / j["cpu_ms_per_window_median"], 2),
    "speedup_cpu_min": round(p["cpu_ms_per_window_min"] / j["cpu_ms_per_window_min"], 2),
    "transformers_path": p["path"]}))
PY
