#!/usr/bin/env bash
# Memory: a 20-minute recording must analyse within a 512 MB heap (issue #4). Joins the clips of a rendered corpus
# end to end, repeated up to 19 min 55 s (just under the default 20-minute cap), as one 44.1 kHz WAV, and runs
# `zikos analyze --json` on it with -Xmx512m. Fails when the analysis fails or covers less than the whole file.
# usage: bench/long-recording.sh CORPUS_DIR [WORK_DIR]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CORPUS="${1:?usage: bench/long-recording.sh CORPUS_DIR [WORK_DIR]}"
WORK="${2:-$(mktemp -d)}"
SECONDS_WANTED=1195
mkdir -p "$WORK"
parts=()
for f in $(/usr/bin/python3 -c "import json,sys; print('\n'.join(json.load(open(sys.argv[1]+'/index.json'))['files']))" "$CORPUS"); do
  out="$WORK/part-${#parts[@]}.wav"
  sox "$CORPUS/$f" -r 44100 -c 1 -b 16 "$out"
  parts+=("$out")
done
total=0
for p in "${parts[@]}"; do total=$(echo "$total + $(soxi -D "$p")" | bc); done
repeats=$(echo "$SECONDS_WANTED / $total + 1" | bc)
list=()
for ((i = 0; i < repeats; i++)); do list+=("${parts[@]}"); done
LONG="$WORK/long-recording.wav"
sox "${list[@]}" "$LONG" trim 0 "$SECONDS_WANTED"
rm -f "${parts[@]}"
echo "long recording: $(soxi -D "$LONG") s, $(du -m "$LONG" | cut -f1) MB" >&2
start=$(date +%s.%N)
ZIKOS_JAVA_OPTS="-Xmx512m" "$ROOT/bench/zikos-analyze.sh" --json "$LONG" > "$WORK/long-recording.json"
end=$(date +%s.%N)
/usr/bin/python3 - "$WORK/long-recording.json" "$SECONDS_WANTED" "$(echo "$end - $start" | bc)" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
want, took = float(sys.argv[2]), float(sys.argv[3])
covered = report.get("duration_seconds", 0)
notes = len(report.get("notes", []))
print(f"20-minute recording analysed with -Xmx512m in {took:.1f} s: {covered:.0f} s of audio, {notes} notes")
if covered < want - 5 or notes == 0:
    sys.exit("long recording: the analysis did not cover the whole file")
PY
