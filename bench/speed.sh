#!/usr/bin/env bash
# Speed: wall time of `zikos analyze --out` over a whole corpus (JVM start-up and decoding included) against
# peer_aubio.py on the same corpus, measured in the same run. Prints both times and the ratio.
# usage: bench/speed.sh [--seed N] [--count K] [--work DIR]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
EVAL="${ZIKOS_EVAL_DIR:-$ROOT/../shared/eval}"
SEED=11; COUNT=40; WORK=/tmp/zikos-eval
while (( $# )); do
  case "$1" in
    --seed) SEED=$2; shift 2;; --count) COUNT=$2; shift 2;; --work) WORK=$2; shift 2;;
    *) echo "unknown argument $1" >&2; exit 2;;
  esac
done
"$ROOT/bench/setup-eval.sh"
CORPUS="$WORK/corpus-s$SEED-n$COUNT"
[[ -f "$CORPUS/index.json" ]] || /usr/bin/python3 "$EVAL/make_corpus.py" "$CORPUS" --seed "$SEED" --count "$COUNT" >&2
FILES=$(/usr/bin/python3 -c "import json,sys; print('\n'.join(sys.argv[1]+'/'+f for f in json.load(open(sys.argv[1]+'/index.json'))['files']))" "$CORPUS")
# build/classpath outside the timed region
"$ROOT/bench/zikos-analyze.sh" --help >/dev/null
export ZIKOS_SKIP_BUILD=1
AUDIO=$(/usr/bin/python3 -c "
import json,sys,subprocess
idx=json.load(open(sys.argv[1]+'/index.json'))
print(round(sum(float(subprocess.run(['soxi','-D',sys.argv[1]+'/'+f],capture_output=True,text=True).stdout or 0) for f in idx['files']),1))" "$CORPUS")
t0=$(date +%s.%N)
/usr/bin/python3 "$EVAL/peer_aubio.py" "$CORPUS" "$WORK/speed-aubio" >/dev/null
t1=$(date +%s.%N)
# shellcheck disable=SC2086
"$ROOT/bench/zikos-analyze.sh" --out "$WORK/speed-zikos" $FILES
t2=$(date +%s.%N)
/usr/bin/python3 - "$t0" "$t1" "$t2" "$AUDIO" <<'PY'
import sys
t0, t1, t2, audio = map(float, sys.argv[1:])
aubio, zikos = t1 - t0, t2 - t1
print(f"audio            {audio:.1f} s")
print(f"peer_aubio.py    {aubio:.2f} s  ({audio / aubio:.0f}x real time)")
print(f"zikos analyze    {zikos:.2f} s  ({audio / zikos:.0f}x real time)")
print(f"ratio zikos/aubio {zikos / aubio:.3f}  (target <= 0.333)")
PY
