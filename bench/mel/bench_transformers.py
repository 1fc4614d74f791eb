"""Times transformers' WhisperFeatureExtractor(feature_size=128) per 30 s window, warm, one thread, on the same
audio as the Java benchmark (the 45 s chirp fixture repeated to fill one window, or a 16 kHz mono WAV given as
argv[1]). Prints one JSON line. Not part of the build: run it with a venv that has transformers (+ torch for the
torch path the Music Flamingo processors use; without torch transformers falls back to its numpy path)."""
import json
import sys
import time

import numpy as np
import soundfile as sf

try:
    import torch
    torch.set_num_threads(1)
except ImportError:  # the numpy path is used then
    torch = None

from transformers import WhisperFeatureExtractor

path = sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] not in ("", "-") else \
    "zikos-dsp/src/test/resources/whisper_mel/chirp_45s.wav"
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 30
audio, rate = sf.read(path, dtype="float32")
assert rate == 16000 and audio.ndim == 1, "need 16 kHz mono"
window = np.resize(audio, 480000).astype(np.float32)  # repeat to one full window, like the Java benchmark

fe = WhisperFeatureExtractor(feature_size=128)
kwargs = dict(sampling_rate=16000, return_attention_mask=True, padding="max_length", return_tensors="pt" if torch else "np")
for _ in range(20):  # warm-up (allocator caches; there is no JIT)
    fe([window], **kwargs)
times = []
cpu = []  # this thread's CPU time: the stable figure on a shared, overloaded machine
p0 = time.process_time()  # the whole process's CPU time: would also count any helper thread torch used
for _ in range(rounds):
    c0 = time.thread_time()
    t0 = time.perf_counter()
    out = fe([window], **kwargs)
    times.append((time.perf_counter() - t0) * 1000)
    cpu.append((time.thread_time() - c0) * 1000)
assert tuple(out["input_features"].shape) == (1, 128, 3000)
proc_mean = (time.process_time() - p0) * 1000 / rounds
times.sort()
cpu.sort()
print(json.dumps({"impl": "transformers", "path": "torch" if torch else "numpy",
                  "ms_per_window_median": round(times[len(times) // 2], 3), "ms_per_window_min": round(times[0], 3),
                  "cpu_ms_per_window_median": round(cpu[len(cpu) // 2], 3), "cpu_ms_per_window_min": round(cpu[0], 3),
                  "process_cpu_ms_per_window_mean": round(proc_mean, 3),
                  "torch_threads": torch.get_num_threads() if torch else None,
                  "rounds": rounds, "transformers": __import__("transformers").__version__,
                  "torch": torch.__version__ if torch else None}))
