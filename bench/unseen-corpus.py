#!/usr/bin/python3
"""Render a corpus the analysis was not developed on: the shared generator's own clips and truth, but melodies on
instruments outside its dev set, with its wider tempo drift (±8 %) and a noisier degradation. It checks that
nothing was fitted to the dev instruments; the scores are not comparable with the dev set's.

usage: bench/unseen-corpus.py OUT_DIR --seed N [--count K]      (score with shared/eval/score.py as usual)
"""
import argparse

import corpus_mix

# (name, GM program, lowest MIDI, highest MIDI): written ranges of each instrument, none of them in the dev set
MONO_UNSEEN = [
    ("oboe", 68, 58, 91), ("bassoon", 70, 34, 72), ("french_horn", 60, 41, 77), ("trombone", 57, 40, 72),
    ("tenor_sax", 66, 44, 75), ("viola", 41, 48, 84), ("recorder", 74, 72, 96), ("steel_guitar", 25, 40, 76),
    ("clean_electric_guitar", 27, 40, 76), ("harmonica", 22, 60, 84), ("choir_aahs", 52, 48, 76),
    ("soprano_sax", 64, 56, 87), ("english_horn", 69, 52, 81), ("vibraphone", 11, 53, 89),
]
DEGRADE_UNSEEN = ["clean", "noise20", "noise30", "reverb", "mp3"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--count", type=int, default=40)
    a = ap.parse_args()
    n = corpus_mix.render(a.out, a.seed, a.count, MONO_UNSEEN, DEGRADE_UNSEEN, True, "unseen")
    print(f"{n} clips in {a.out}")


if __name__ == "__main__":
    main()
