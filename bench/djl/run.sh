#!/usr/bin/env bash
# Decode tokens/s of DJL (PyTorch 2.7.1 via TorchScript) vs ONNX Runtime on the same CPU model, in one run and one
# JVM, through the shared Java generation loop (same prompt, steps and intra-op threads for both).
#
#   bench/djl/run.sh [MODEL_DIR] [STEPS] [THREADS] [extra EngineDecodeBench options, e.g. --set graphOptimizer=true]
#
# MODEL_DIR holds onnx/ and torchscript/ exports of one checkpoint; it defaults to the random-weight
# Qwen2.5-0.5B-shaped model (tools/export makes it; not committed):
#   python tools/export/export_model.py --from HF --to DIR/onnx --format onnx
#   python tools/export/export_model.py --from HF --to DIR/torchscript --format torchscript
# Needs the modules installed: mvn -B -o install -pl zikos-api,zikos-core,zikos-backend-onnx,zikos-backend-djl -DskipTests
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
MODEL="${1:-/work/bench-models/qwen2.5-0.5b-random}"
STEPS="${2:-64}"
THREADS="${3:-2}"
shift $(( $# < 3 ? $# : 3 ))
RUNS="${RUNS:-5}"

cd "$ROOT"
CP_FILE="$ROOT/zikos-samples/target/bench-engines.classpath"
if [[ ! -s "$CP_FILE" || "$ROOT/zikos-samples/pom.xml" -nt "$CP_FILE" ]]; then
  mkdir -p "$(dirname "$CP_FILE")"
  mvn -B -q -o dependency:build-classpath -pl zikos-samples -Dmdep.outputFile="$CP_FILE" >/dev/null
fi
# libtorch's OpenMP threads spin-wait by default; on a machine shared with other busy processes a spinning worker
# that loses its core stalls every operator (measured here: 11-20 tok/s instead of ~1,000 on the tiny fixture with
# 2 threads). PASSIVE makes idle workers sleep. ONNX Runtime has its own pool and is unaffected. Override to compare.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
echo "== OMP_WAIT_POLICY=$OMP_WAIT_POLICY"
# DJL offline with the libtorch cache outside target/ (the backend sets these defaults itself too).
java -Xmx2g -Dai.djl.offline=true -cp "$(cat "$CP_FILE")" "$ROOT/bench/djl/EngineDecodeBench.java" "$MODEL" \
  --steps "$STEPS" --threads "$THREADS" --runs "$RUNS" "$@" 2>&1 | grep -v -e 'W:onnxruntime' -e '^SLF4J' -e 'INFO ai.djl'
