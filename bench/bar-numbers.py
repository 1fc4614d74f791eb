#!/usr/bin/python3
"""Bar numbers of flagged notes against the truth, by metre.

The practice report places each out-of-tune or rushed/dragged note in a bar; this checks those bars against the
corpus truth (every note's beat index and the clip's beats per bar). Flags are matched to the nearest truth note
within 80 ms, as score.py matches them.

usage: bench/bar-numbers.py CORPUS_DIR PRED_DIR
  To see the effect of giving the metre, analyse the 3/4 clips again with --beats-per-bar 3, e.g.
  bench/zikos-analyze.sh --beats-per-bar 3 --out PRED_DIR $(bench/bar-numbers.py CORPUS_DIR --list 3)
"""
import json
import os
import sys
from collections import Counter


def clips(corpus):
    for name in json.load(open(os.path.join(corpus, "index.json")))["files"]:
        stem = os.path.splitext(name)[0]
        truth = json.load(open(os.path.join(corpus, stem + ".json")))
        if truth["kind"] == "melody":
            yield name, stem, truth


def main():
    if len(sys.argv) == 4 and sys.argv[2] == "--list":
        print(" ".join(os.path.join(sys.argv[1], n) for n, _, t in clips(sys.argv[1])
                       if t["beats_per_bar"] == int(sys.argv[3])))
        return
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    corpus, pred = sys.argv[1:]
    count = Counter()
    for _, stem, truth in clips(corpus):
        report = json.load(open(os.path.join(pred, stem + ".json")))
        per_bar = truth["beats_per_bar"]
        onsets = [n["onset"] for n in truth["notes"]]
        for flag in report["intonation"]["flagged"] + report["timing"]["flagged"]:
            j = min(range(len(onsets)), key=lambda k: abs(onsets[k] - flag["onset"]))
            if abs(onsets[j] - flag["onset"]) > 0.08 or "bar" not in flag:
                continue
            beat = truth["notes"][j]["beat"]
            bar = int(beat // per_bar) + 1
            count[per_bar, "flags"] += 1
            count[per_bar, "bar right"] += flag["bar"] == bar
            count[per_bar, "bar and beat right"] += (flag["bar"] == bar
                                                     and abs(flag["beat"] - (beat - (bar - 1) * per_bar + 1)) < 0.3)
    for per_bar in sorted({k[0] for k in count}):
        n = count[per_bar, "flags"]
        print(f"{per_bar}/4: {n} flags, bar right {count[per_bar, 'bar right']} ({count[per_bar, 'bar right'] / n:.0%}),"
              f" bar and beat right {count[per_bar, 'bar and beat right']}")


if __name__ == "__main__":
    main()
