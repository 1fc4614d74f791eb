#!/usr/bin/env python3
"""CPU-time twin of tools/export/bench_ort_decode.py, for machines shared with other work.

Same session settings, the same 32 prompt ids, greedy, present.* fed back as past_key_values.*; reports wall-clock
decode tokens/s AND the calling thread's CPU seconds per decode token (time.thread_time). With --threads 1 ONNX
Runtime computes on the calling thread, so CPU time per token measures the work done per step independently of how
busy the machine is. Prints one line: decode_tok_s=... cpu_ms_per_tok=... first_ids=[...]
"""
import argparse
import time
from pathlib import Path

import numpy as np
import onnxruntime as ort

PROMPT = [9707, 11, 1246, 525, 498, 30, 358, 1079, 264, 10847, 17847, 13, 5209, 1486, 264, 356, 3598, 5452,
          13, 576, 23938, 374, 220, 21, 15, 33327, 817, 9383, 13, 5692, 3719, 25]

ap = argparse.ArgumentParser()
ap.add_argument("--model", required=True)
ap.add_argument("--tokens", type=int, default=32)
ap.add_argument("--threads", type=int, default=1)
ap.add_argument("--warmup", type=int, default=8)
a = ap.parse_args()
so = ort.SessionOptions()
so.intra_op_num_threads = a.threads
so.inter_op_num_threads = 1
so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
so.log_severity_level = 3
sess = ort.InferenceSession(str(Path(a.model) / "model.onnx"), so, providers=["CPUExecutionProvider"])
ins = {i.name: i for i in sess.get_inputs()}
past = [n for n in ins if n.startswith("past_key_values.")]
kv_dtype = np.float16 if ins[past[0]].type == "tensor(float16)" else np.float32
kv, hd = ins[past[0]].shape[1], ins[past[0]].shape[3]
vocab = sess.get_outputs()[0].shape[2]
outs = [o.name for o in sess.get_outputs()]
ids = np.asarray([[p % vocab for p in PROMPT]], np.int64)
t = ids.shape[1]
feed = {"input_ids": ids, "attention_mask": np.ones((1, t), np.int64), "position_ids": np.arange(t, dtype=np.int64)[None]}
for n in past:
    feed[n] = np.zeros((1, kv, 0, hd), kv_dtype)
res = sess.run(outs, feed)
gen = []


def step(res, t):
    nxt = int(np.argmax(res[0][0, -1]))
    gen.append(nxt)
    f = {"input_ids": np.asarray([[nxt]], np.int64), "attention_mask": np.ones((1, t + 1), np.int64),
         "position_ids": np.asarray([[t]], np.int64)}
    for i, n in enumerate(past):
        f[n] = res[1 + i]
    return sess.run(outs, f), t + 1


for _ in range(a.warmup):
    res, t = step(res, t)
w0, c0 = time.perf_counter(), time.thread_time()
for _ in range(a.tokens):
    res, t = step(res, t)
w, c = time.perf_counter() - w0, time.thread_time() - c0
print(f"python: decode_tok_s={a.tokens / w:.3f} cpu_ms_per_tok={c / a.tokens * 1e3:.2f} ort={ort.__version__} "
      f"first_ids={gen[:5]}")
