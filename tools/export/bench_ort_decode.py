#!/usr/bin/env python3
"""Greedy-decode throughput of an exported Qwen ONNX model (model.onnx layout) with onnxruntime's Python API.

    python bench_ort_decode.py --model /work/bench-models/qwen2.5-0.5b-random/onnx --tokens 64 [--threads 2]

Prefills a fixed 32-id prompt (P = 0), then runs N single-token decode steps feeding present.* back as
past_key_values.*. Session: CPUExecutionProvider, intra_op_num_threads = --threads (default 2), inter_op 1,
graph_optimization_level ORT_ENABLE_ALL, sequential execution; everything else ORT defaults.
Prints one JSON line: {"decode_tokens_per_s": ..., "prefill_ms": ..., ...}. Decode time excludes the prefill.
"""
import argparse
import json
import time
from pathlib import Path

import numpy as np
import onnxruntime as ort

PROMPT = [9707, 11, 1246, 525, 498, 30, 358, 1079, 264, 10847, 17847, 13, 5209, 1486, 264, 356, 3598, 5452,
          13, 576, 23938, 374, 220, 21, 15, 33327, 817, 9383, 13, 5692, 3719, 25]  # 32 fixed ids


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help="dir with model.onnx (+ zikos_export.json)")
    ap.add_argument("--tokens", type=int, default=64, help="decode steps after the prefill")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--warmup", type=int, default=2, help="untimed decode steps before timing")
    a = ap.parse_args()
    d = Path(a.model)
    so = ort.SessionOptions()
    so.intra_op_num_threads = a.threads
    so.inter_op_num_threads = 1
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    so.log_severity_level = 3
    t0 = time.perf_counter()
    sess = ort.InferenceSession(str(d / "model.onnx"), so, providers=["CPUExecutionProvider"])
    load_s = time.perf_counter() - t0
    ins = {i.name: i for i in sess.get_inputs()}
    past_names = [n for n in ins if n.startswith("past_key_values.")]
    kv_dtype = np.float16 if ins[past_names[0]].type == "tensor(float16)" else np.float32
    kv_heads, head_dim = ins[past_names[0]].shape[1], ins[past_names[0]].shape[3]
    vocab = sess.get_outputs()[0].shape[2]
    prompt = [p % vocab if isinstance(vocab, int) else p for p in PROMPT]
    out_names = [o.name for o in sess.get_outputs()]

    ids = np.asarray([prompt], np.int64)
    t = ids.shape[1]
    feed = {"input_ids": ids, "attention_mask": np.ones((1, t), np.int64),
            "position_ids": np.arange(t, dtype=np.int64)[None]}
    for n in past_names:
        feed[n] = np.zeros((1, kv_heads, 0, head_dim), kv_dtype)
    t0 = time.perf_counter()
    res = sess.run(out_names, feed)
    prefill_ms = (time.perf_counter() - t0) * 1e3
    generated = []

    def step(res, t):
        nxt = int(np.argmax(res[0][0, -1]))
        generated.append(nxt)
        f = {"input_ids": np.asarray([[nxt]], np.int64), "attention_mask": np.ones((1, t + 1), np.int64),
             "position_ids": np.asarray([[t]], np.int64)}
        for i, n in enumerate(past_names):
            f[n] = res[1 + i]
        return sess.run(out_names, f), t + 1

    for _ in range(a.warmup):
        res, t = step(res, t)
    t0 = time.perf_counter()
    for _ in range(a.tokens):
        res, t = step(res, t)
    dt = time.perf_counter() - t0
    print(json.dumps({"model": str(d), "prompt_tokens": len(prompt), "decode_tokens": a.tokens,
                      "decode_tokens_per_s": round(a.tokens / dt, 3), "ms_per_token": round(dt / a.tokens * 1e3, 3),
                      "prefill_ms": round(prefill_ms, 2), "session_load_s": round(load_s, 2),
                      "intra_op_threads": a.threads, "kv_dtype": np.dtype(kv_dtype).name,
                      "onnxruntime": ort.__version__, "first_ids": generated[:8]}))


if __name__ == "__main__":
    main()
