#!/usr/bin/env bash
# Java log-mel features vs transformers' WhisperFeatureExtractor(feature_size=128), ms per 30 s window, warm,
# single thread on both sides (torch.set_num_threads(1), OMP/MKL 1 thread), same audio already decoded to a float
# array on both sides (decoding is not timed), same machine. Usage (from anywhere):
#   RUNS=5 bench/mel/run.sh [16kHz-mono-pcm16.wav|-] [rounds]
# Each run starts a fresh JVM and a fresh Python and times `rounds` calls per side after a warm-up (300 calls for
# the JIT, 5 for Python); the summary
# gives per-run medians and the median over runs. CPU time (the calling thread's own median, and the whole process's mean) is the
# figure to quote on a shared machine; wall time is printed too. PYTHON defaults to tools/export/.venv/bin/python
# (needs transformers, soundfile; torch for the torch path the Music Flamingo processors use). The Java side needs
# only a JDK 17: it compiles the mel sources with javac.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
WAV="${1:--}"
ROUNDS="${2:-50}"
RUNS="${RUNS:-5}"
PYTHON="${PYTHON:-$ROOT/tools/export/.venv/bin/python}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

javac -d "$OUT" -sourcepath zikos-api/src/main/java:zikos-dsp/src/main/java \
  zikos-dsp/src/test/java/io/zikos/dsp/mel/MelBenchmark.java
: > "$OUT/lines"
for run in $(seq "$RUNS"); do
  JAVA_LINE="$(java -cp "$OUT" io.zikos.dsp.mel.MelBenchmark "$WAV" "$ROUNDS")"
  PY_LINE="$(OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 "$PYTHON" bench/mel/bench_transformers.py "$WAV" "$ROUNDS" \
    2>/dev/null | grep '^{')"
  echo "run $run java        $JAVA_LINE"
  echo "run $run transformers $PY_LINE"
  echo "$JAVA_LINE	$PY_LINE" >> "$OUT/lines"
done
"$PYTHON" - "$OUT/lines" <<'PY'
import json, statistics, sys
runs = [tuple(json.loads(x) for x in line.split("\t")) for line in open(sys.argv[1]) if line.strip()]
def med(xs):
    return round(statistics.median(xs), 3)
rows = []
for j, p in runs:
    rows.append({"java_cpu": j["cpu_ms_per_window_median"], "tf_cpu": p["cpu_ms_per_window_median"],
                 "java_cpu_best": j["cpu_ms_per_window_min"], "tf_cpu_best": p["cpu_ms_per_window_min"],
                 "java_proc": j["process_cpu_ms_per_window_mean"], "tf_proc": p["process_cpu_ms_per_window_mean"],
                 "java_wall": j["ms_per_window_median"], "tf_wall": p["ms_per_window_median"]})
for i, r in enumerate(rows, 1):
    print(json.dumps({"run": i, **r, "speedup_cpu": round(r["tf_cpu"] / r["java_cpu"], 2),
                      "speedup_process_cpu": round(r["tf_proc"] / r["java_proc"], 2),
                      "speedup_wall": round(r["tf_wall"] / r["java_wall"], 2)}))
ratios = [r["tf_cpu"] / r["java_cpu"] for r in rows]
print(json.dumps({
    "runs": len(rows), "rounds_per_run": runs[0][0]["rounds"], "transformers_path": runs[0][1]["path"],
    "torch_threads": runs[0][1].get("torch_threads"),
    "java_cpu_ms_per_window": med([r["java_cpu"] for r in rows]),
    "transformers_cpu_ms_per_window": med([r["tf_cpu"] for r in rows]),
    "speedup_cpu_median_of_runs": round(statistics.median(ratios), 2),
    "speedup_cpu_min_of_runs": round(min(ratios), 2),
    "speedup_cpu_best_rounds_median_of_runs": round(statistics.median(
        [r["tf_cpu_best"] / r["java_cpu_best"] for r in rows]), 2),
    "speedup_process_cpu_median_of_runs": round(statistics.median([r["tf_proc"] / r["java_proc"] for r in rows]), 2),
    "speedup_wall_median_of_runs": round(statistics.median([r["tf_wall"] / r["java_wall"] for r in rows]), 2)}))
PY
