#!/usr/bin/python3
"""Render a corpus of recording conditions the analysis was not developed on: the shared generator's dev instruments,
melodies, injected errors and truth, but with loud room noise (pink noise at 10 and 15 dB SNR, the generator's own
degradation) and its wider tempo drift (+-8 %). With --gain, the clips of an existing corpus are instead written again
that many dB quieter (a phone across the room), decoded with ffmpeg so MP3 clips keep their timing, truth unchanged.

usage: bench/conditions-corpus.py OUT_DIR --seed N [--count K]
       bench/conditions-corpus.py OUT_DIR --from CORPUS_DIR --gain DB
"""
import argparse
import json
import os
import random
import subprocess
import sys

EVAL = os.environ.get("ZIKOS_EVAL_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "eval"))
sys.path.insert(0, EVAL)
import make_corpus as mc  # noqa: E402  (the shared generator: same melodies, errors, rendering and truth format)

DEGRADE_NOISY = ["noise10", "noise15"]


def render(out, seed, count):
    rng = random.Random(seed)
    index = []
    for i in range(count):
        if i % 4 == 3:
            t = mc.make_chord_clip(rng, i, out, DEGRADE_NOISY)
        else:
            t = mc.make_mono_clip(rng, i, out, mc.MONO_DEV, DEGRADE_NOISY, True)
        with open(os.path.join(out, os.path.splitext(t["file"])[0] + ".json"), "w") as f:
            json.dump(t, f, indent=1)
        index.append(t["file"])
    return {"set": "noisy", "seed": seed, "files": index}


def quieter(out, source, gain):
    src = json.load(open(os.path.join(source, "index.json")))
    index = []
    for name in src["files"]:
        stem = os.path.splitext(name)[0]
        wav = stem + ".wav"
        subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-i", os.path.join(source, name),
                        "-af", f"volume={gain}dB", "-c:a", "pcm_s16le", os.path.join(out, wav)], check=True)
        truth = json.load(open(os.path.join(source, stem + ".json")))
        truth["file"] = wav
        with open(os.path.join(out, stem + ".json"), "w") as f:
            json.dump(truth, f, indent=1)
        index.append(wav)
    return {"set": f"{src.get('set', '')} {gain} dB", "seed": src.get("seed"), "files": index}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--seed", type=int)
    ap.add_argument("--count", type=int, default=24)
    ap.add_argument("--from", dest="source")
    ap.add_argument("--gain", type=float)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    if a.source:
        index = quieter(a.out, a.source, a.gain if a.gain is not None else -35)
    else:
        index = render(a.out, a.seed, a.count)
    with open(os.path.join(a.out, "index.json"), "w") as f:
        json.dump(index, f, indent=1)
    print(f"{len(index['files'])} clips in {a.out}")


if __name__ == "__main__":
    main()
