#!/usr/bin/python3
"""Render a corpus of recording conditions the analysis was not developed on: the shared generator's dev instruments,
melodies, injected errors and truth, but with loud room noise (pink noise at 10 and 15 dB SNR, the generator's own
degradation) and its wider tempo drift (+-8 %). With --gain DB, the clips of an existing corpus are instead written
again DB dB louder as 16-bit WAV, decoded with ffmpeg so MP3 clips keep their timing, truth unchanged: a negative DB is
a phone across the room, a positive one a take recorded too hot (what passes full scale is clipped). With --hum HZ,
they are written again with a steady mains hum under them (HZ and its harmonics 2-5 falling off, random phases, at
--hum-db dB, default -35, under each clip's peak): a ground loop or an amplifier.

usage: bench/conditions-corpus.py OUT_DIR --seed N [--count K]
       bench/conditions-corpus.py OUT_DIR --from CORPUS_DIR --gain DB
       bench/conditions-corpus.py OUT_DIR --from CORPUS_DIR --hum HZ [--hum-db DB]
"""
import argparse
import json
import os
import subprocess

import corpus_mix
from corpus_mix import mc

DEGRADE_NOISY = ["noise10", "noise15"]


def with_gain(out, source, gain):
    """Writes every clip of `source` again `gain` dB louder into `out`, with its truth; returns the clip count."""
    os.makedirs(out, exist_ok=True)
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
    with open(os.path.join(out, "index.json"), "w") as f:
        json.dump({"set": f"{src.get('set', '')} {gain} dB", "seed": src.get("seed"), "files": index}, f, indent=1)
    return len(index)


HUM_HARMONICS = [1, 0.5, 0.35, 0.2, 0.1]


def with_hum(out, source, hz, db):
    """Writes every clip of `source` again with a mains hum at `db` dB under its peak into `out`; returns the count."""
    import numpy as np
    import soundfile as sf
    os.makedirs(out, exist_ok=True)
    src = json.load(open(os.path.join(source, "index.json")))
    rng = np.random.default_rng(int(hz * 1000 + abs(db)))
    index = []
    for name in src["files"]:
        stem = os.path.splitext(name)[0]
        wav = os.path.join(out, stem + ".wav")
        subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-i", os.path.join(source, name),
                        "-ac", "1", "-c:a", "pcm_s16le", wav], check=True)
        x, sr = sf.read(wav)
        t = np.arange(len(x)) / sr
        hum = sum(a * np.sin(2 * np.pi * k * hz * t + rng.uniform(0, 2 * np.pi))
                  for k, a in enumerate(HUM_HARMONICS, start=1))
        hum *= np.max(np.abs(x)) * 10 ** (db / 20) / np.sqrt(np.mean(hum ** 2))
        sf.write(wav, np.clip(x + hum, -1, 1), sr, subtype="PCM_16")
        truth = json.load(open(os.path.join(source, stem + ".json")))
        truth["file"] = stem + ".wav"
        with open(os.path.join(out, stem + ".json"), "w") as f:
            json.dump(truth, f, indent=1)
        index.append(stem + ".wav")
    with open(os.path.join(out, "index.json"), "w") as f:
        json.dump({"set": f"{src.get('set', '')} hum {hz} Hz {db} dB", "seed": src.get("seed"), "files": index}, f,
                  indent=1)
    return len(index)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--seed", type=int)
    ap.add_argument("--count", type=int, default=24)
    ap.add_argument("--from", dest="source")
    ap.add_argument("--gain", type=float)
    ap.add_argument("--hum", type=float)
    ap.add_argument("--hum-db", type=float, default=-35)
    a = ap.parse_args()
    if a.source is None and a.seed is None:
        ap.error("give --seed N to render, or --from CORPUS_DIR --gain DB to write one again louder or quieter")
    if a.source and a.hum:
        n = with_hum(a.out, a.source, a.hum, a.hum_db)
    elif a.source:
        n = with_gain(a.out, a.source, a.gain if a.gain is not None else -35)
    else:
        n = corpus_mix.render(a.out, a.seed, a.count, mc.MONO_DEV, DEGRADE_NOISY, True, "noisy")
    print(f"{n} clips in {a.out}")


if __name__ == "__main__":
    main()
