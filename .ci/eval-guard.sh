#!/usr/bin/env bash
# CI accuracy guard: renders a 12-clip corpus with seed 5 (not the dev seed 11), analyses and scores it, and fails when
# any metric falls below its floor. Floors were set from measurements (docs/analysis.md: this corpus scored
# tempo_acc1 1.00, beat_f 1.00, onset_f 0.97, note_f 0.96, cents_mae 2.3, cents_mae_detuned 5.6, pitch_flag_f 0.90,
# timing_flag_f 1.00, key_weighted 1.00, chord_wcsr 1.00, dynamics_acc 1.00; the 40-clip seeds 11/23/37 scored at
# least 0.95, 0.96, 0.926, 0.916, 3.7, 6.6, 0.895, 0.63, 0.93, 0.94, 0.97) with a margin for the small corpus, unseeded
# noise in the renders and platform differences; raise them when the analysis improves.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
if [[ -n "${ZIKOS_EVAL_WORK:-}" ]]; then
  WORK="$ZIKOS_EVAL_WORK"
else
  WORK="$(mktemp -d)"
  trap 'rm -rf "$WORK"' EXIT
fi
"$ROOT/bench/setup-eval.sh"
OUT="$WORK/guard-score.json"
"$ROOT/bench/eval.sh" --seed 5 --count 12 --work "$WORK" --json "$OUT"
/usr/bin/python3 - "$OUT" <<'PY'
import json, sys
agg = json.load(open(sys.argv[1]))["aggregate"]
# metric: (floor, higher_is_better)
FLOORS = {
    "tempo_acc1": (0.80, True), "beat_f": (0.85, True), "onset_f": (0.88, True), "note_f": (0.82, True),
    "cents_mae": (4.5, False), "cents_mae_detuned": (16.0, False), "pitch_flag_f": (0.60, True),
    "timing_flag_f": (0.40, True), "key_weighted": (0.85, True), "chord_wcsr": (0.85, True),
    "dynamics_acc": (0.90, True),
}
bad = []
for m, (floor, up) in FLOORS.items():
    v = agg.get(m)
    ok = v is not None and (v >= floor if up else v <= floor)
    print(f"{m:20s} {v if v is not None else float('nan'):8.3f}  {'>=' if up else '<='} {floor:<6}  {'ok' if ok else 'BELOW FLOOR'}")
    if not ok:
        bad.append(m)
if agg.get("missing_reports"):
    bad.append("missing_reports")
if bad:
    print("accuracy guard failed: " + ", ".join(bad))
    sys.exit(1)
print("accuracy guard passed")
PY
# Memory: a 20-minute recording (the corpus joined end to end) must analyse within a 512 MB heap.
"$ROOT/bench/long-recording.sh" "$WORK/corpus-s5-n12" "$WORK/long"
# ... and one under a mains hum: taking the hum out must not hold the 20-minute take twice.
ZIKOS_EVAL_DIR="${ZIKOS_EVAL_DIR:-$ROOT/../shared/eval}" /usr/bin/python3 "$ROOT/bench/conditions-corpus.py" \
    "$WORK/corpus-s5-n12-h60" --from "$WORK/corpus-s5-n12" --hum 60 >&2
"$ROOT/bench/long-recording.sh" "$WORK/corpus-s5-n12-h60" "$WORK/long-hum"
/usr/bin/python3 - "$WORK/long-hum/long-recording.json" <<'PY'
import json, sys
if json.load(open(sys.argv[1]))["recording"].get("mains_hum_hz") is None:
    sys.exit("long recording under a hum: the hum was not heard, so its removal was not exercised")
PY
