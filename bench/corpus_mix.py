"""The shared generator's clip loop with instruments and degradations of one's choosing.

make_corpus.main hard-codes the dev instruments, degradations and drift, so the corpora the analysis was not developed
on (bench/unseen-corpus.py, bench/conditions-corpus.py) render through this instead: same melodies, injected errors,
rendering and truth format, every fourth clip chords.
"""
import json
import os
import random
import sys

EVAL = os.environ.get("ZIKOS_EVAL_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "eval"))
sys.path.insert(0, EVAL)
import make_corpus as mc  # noqa: E402


def render(out, seed, count, instruments, degradations, holdout, set_name):
    """Renders `count` clips into `out` (truth next to each clip) and writes index.json; returns the clip count."""
    os.makedirs(out, exist_ok=True)
    rng = random.Random(seed)
    index = []
    for i in range(count):
        if i % 4 == 3:
            t = mc.make_chord_clip(rng, i, out, degradations)
        else:
            t = mc.make_mono_clip(rng, i, out, instruments, degradations, holdout)
        with open(os.path.join(out, os.path.splitext(t["file"])[0] + ".json"), "w") as f:
            json.dump(t, f, indent=1)
        index.append(t["file"])
    with open(os.path.join(out, "index.json"), "w") as f:
        json.dump({"set": set_name, "seed": seed, "files": index}, f, indent=1)
    return len(index)
