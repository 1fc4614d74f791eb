#!/usr/bin/env bash
# Accuracy: render a corpus, analyse it with `zikos analyze --out`, score it.
# usage: bench/eval.sh [--seed N] [--count K] [--work DIR] [--json OUT.json] [--unseen | --noisy] [--gain DB]
#                     [--hum HZ]
#   defaults: seed 11, 40 clips (the dev set), work dir /tmp/zikos-eval
#   --unseen: melodies on instruments outside the dev set (bench/unseen-corpus.py), to check generalisation
#   --noisy: dev instruments in a loud room, pink noise at 10-15 dB SNR (bench/conditions-corpus.py)
#   --gain DB: the corpus of that seed and count written again DB dB louder (-35: a phone across the room;
#              +6, +14: a take recorded too hot, clipped at 16-bit full scale) (bench/conditions-corpus.py)
#   --hum HZ: the corpus written again with a steady mains hum (50 or 60 Hz and harmonics, 35 dB under each clip's
#             peak) under it (bench/conditions-corpus.py)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
EVAL="${ZIKOS_EVAL_DIR:-$ROOT/../shared/eval}"
SEED=11; COUNT=40; WORK=/tmp/zikos-eval; JSON=""; SET=s; GEN="$EVAL/make_corpus.py"; GAIN=""; HUM=""
while (( $# )); do
  case "$1" in
    --seed) SEED=$2; shift 2;; --count) COUNT=$2; shift 2;; --work) WORK=$2; shift 2;;
    --json) JSON=$2; shift 2;; --gain) GAIN=$2; shift 2;;
    --hum) HUM=$2; shift 2;;
    --unseen|--noisy)
      # one corpus per run: the two sets are rendered by different generators
      [[ $SET == s ]] || { echo "choose one of --unseen and --noisy" >&2; exit 2; }
      if [[ $1 == --unseen ]]; then SET=u; GEN="$ROOT/bench/unseen-corpus.py"
      else SET=n; GEN="$ROOT/bench/conditions-corpus.py"; fi
      shift;;
    *) echo "unknown argument $1" >&2; exit 2;;
  esac
done
"$ROOT/bench/setup-eval.sh"
CORPUS="$WORK/corpus-$SET$SEED-n$COUNT"; PRED="$WORK/pred-$SET$SEED-n$COUNT"
if [[ ! -f "$CORPUS/index.json" ]]; then
  ZIKOS_EVAL_DIR="$EVAL" /usr/bin/python3 "$GEN" "$CORPUS" --seed "$SEED" --count "$COUNT" >&2
fi
if [[ -n "$GAIN" ]]; then
  QUIET="$WORK/corpus-$SET$SEED-n$COUNT-g$GAIN"; PRED="$WORK/pred-$SET$SEED-n$COUNT-g$GAIN"
  [[ -f "$QUIET/index.json" ]] || ZIKOS_EVAL_DIR="$EVAL" /usr/bin/python3 "$ROOT/bench/conditions-corpus.py" "$QUIET" \
      --from "$CORPUS" --gain "$GAIN" >&2
  CORPUS="$QUIET"
fi
if [[ -n "$HUM" ]]; then
  HUMMED="$CORPUS-h$HUM"; PRED="$PRED-h$HUM"
  [[ -f "$HUMMED/index.json" ]] || ZIKOS_EVAL_DIR="$EVAL" /usr/bin/python3 "$ROOT/bench/conditions-corpus.py" \
      "$HUMMED" --from "$CORPUS" --hum "$HUM" >&2
  CORPUS="$HUMMED"
fi
rm -rf "$PRED"; mkdir -p "$PRED"
FILES=$(/usr/bin/python3 -c "import json,sys; print('\n'.join(sys.argv[1]+'/'+f for f in json.load(open(sys.argv[1]+'/index.json'))['files']))" "$CORPUS")
start=$(date +%s.%N)
# shellcheck disable=SC2086
"$ROOT/bench/zikos-analyze.sh" --out "$PRED" $FILES
end=$(date +%s.%N)
echo "analysed $COUNT clips in $(echo "$end - $start" | bc) s" >&2
/usr/bin/python3 "$EVAL/score.py" "$CORPUS" "$PRED" ${JSON:+--json "$JSON"}
