"""Builds tiny hand-written ONNX "decoders" in the optimum KV-cache layout for zikos-backend-onnx unit tests.

They are not language models: each step appends the new ids (as [id, 1] rows) to a one-layer cache, and the logits
of every position peak at  target = (sum of all ids in the cache + sum(attention_mask) + max(position_ids)) mod V,
so a Java test can predict every greedy token and thereby checks cache feeding, mask length and position ids.
Variants: float32 cache with position_ids (optimum), float16 cache without position_ids (ORT GenAI style), and a
merged decoder with use_cache_branch (older optimum; its target adds 3 when the branch flag is set).

Run: tools/export/.venv/bin/python make_toy_decoders.py  (writes toy_fp32/, toy_fp16_nopos/, toy_merged/ here)
"""
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper

V = 16


def build(path, cache_type, with_positions, with_branch=False):
    nodes = []
    inits = [
        helper.make_tensor("table", TensorProto.FLOAT, [V, 2],
                           np.stack([np.arange(V), np.ones(V)], 1).astype(np.float32).flatten().tolist()),
        helper.make_tensor("vocab_range", TensorProto.FLOAT, [V], np.arange(V, dtype=np.float32).tolist()),
        helper.make_tensor("V", TensorProto.FLOAT, [], [float(V)]),
        helper.make_tensor("axis1", TensorProto.INT64, [1], [1]),
        helper.make_tensor("zero_idx", TensorProto.INT64, [1], [0]),
    ]
    inputs = [
        helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "seq"]),
        helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "total"]),
    ]
    if with_positions:
        inputs.append(helper.make_tensor_value_info("position_ids", TensorProto.INT64, ["batch", "seq"]))
    if with_branch:
        # older optimum "merged" decoders: a bool saying whether the past is real
        inputs.append(helper.make_tensor_value_info("use_cache_branch", TensorProto.BOOL, [1]))
    inputs += [
        helper.make_tensor_value_info("past_key_values.0.key", cache_type, ["batch", 1, "past", 2]),
        helper.make_tensor_value_info("past_key_values.0.value", cache_type, ["batch", 1, "past", 2]),
    ]
    nodes.append(helper.make_node("Gather", ["table", "input_ids"], ["emb"], axis=0))          # [B,S,2]
    nodes.append(helper.make_node("Unsqueeze", ["emb", "axis1"], ["new_kv"]))                  # [B,1,S,2]
    nodes.append(helper.make_node("Cast", ["new_kv"], ["new_kv_c"], to=cache_type))
    nodes.append(helper.make_node("Concat", ["past_key_values.0.key", "new_kv_c"], ["present.0.key"], axis=2))
    nodes.append(helper.make_node("Concat", ["past_key_values.0.value", "new_kv_c"], ["present.0.value"], axis=2))
    nodes.append(helper.make_node("Cast", ["present.0.key"], ["key_f"], to=TensorProto.FLOAT))
    nodes.append(helper.make_node("Gather", ["key_f", "zero_idx"], ["ids_col"], axis=3))      # [B,1,T,1]
    nodes.append(helper.make_node("ReduceSum", ["ids_col"], ["sum_ids"], keepdims=0))           # scalar
    nodes.append(helper.make_node("Cast", ["attention_mask"], ["mask_f"], to=TensorProto.FLOAT))
    nodes.append(helper.make_node("ReduceSum", ["mask_f"], ["sum_mask"], keepdims=0))
    nodes.append(helper.make_node("Add", ["sum_ids", "sum_mask"], ["t0"]))
    if with_positions:
        nodes.append(helper.make_node("Cast", ["position_ids"], ["pos_f"], to=TensorProto.FLOAT))
        nodes.append(helper.make_node("ReduceMax", ["pos_f"], ["max_pos"], keepdims=0))
        nodes.append(helper.make_node("Add", ["t0", "max_pos"], ["t1"]))
    else:
        nodes.append(helper.make_node("Identity", ["t0"], ["t1"]))
    if with_branch:  # + 3 when use_cache_branch is true
        nodes.append(helper.make_node("Cast", ["use_cache_branch"], ["branch_f"], to=TensorProto.FLOAT))
        nodes.append(helper.make_node("ReduceSum", ["branch_f"], ["branch_s"], keepdims=0))
        nodes.append(helper.make_node("Mul", ["branch_s", "three_f"], ["branch_3"]))
        nodes.append(helper.make_node("Add", ["t1", "branch_3"], ["t2"]))
        inits.append(helper.make_tensor("three_f", TensorProto.FLOAT, [], [3.0]))
    else:
        nodes.append(helper.make_node("Identity", ["t1"], ["t2"]))
    nodes.append(helper.make_node("Mod", ["t2", "V"], ["target"], fmod=1))
    nodes.append(helper.make_node("Sub", ["vocab_range", "target"], ["diff"]))
    nodes.append(helper.make_node("Mul", ["diff", "diff"], ["sq"]))
    nodes.append(helper.make_node("Neg", ["sq"], ["row"]))                                       # [V]
    nodes.append(helper.make_node("Shape", ["input_ids"], ["ids_shape"]))
    nodes.append(helper.make_node("Concat", ["ids_shape", "vocab_len"], ["logits_shape"], axis=0))
    inits.append(helper.make_tensor("vocab_len", TensorProto.INT64, [1], [V]))
    nodes.append(helper.make_node("Expand", ["row", "logits_shape"], ["logits"]))
    outputs = [
        helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", "seq", V]),
        helper.make_tensor_value_info("present.0.key", cache_type, ["batch", 1, "total", 2]),
        helper.make_tensor_value_info("present.0.value", cache_type, ["batch", 1, "total", 2]),
    ]
    graph = helper.make_graph(nodes, "toy_decoder", inputs, outputs, inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="zikos-toy")
    model.ir_version = 8
    onnx.checker.check_model(model)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    onnx.save(model, path)
    with open(os.path.join(os.path.dirname(path), "config.json"), "w") as f:
        json.dump({"model_type": "qwen2", "vocab_size": V, "num_attention_heads": 1, "num_key_value_heads": 1,
                   "hidden_size": 2, "max_position_embeddings": 64, "eos_token_id": 15}, f, indent=1)


here = os.path.dirname(os.path.abspath(__file__))
build(os.path.join(here, "toy_fp32", "model.onnx"), TensorProto.FLOAT, True)
build(os.path.join(here, "toy_fp16_nopos", "onnx", "model_fp16.onnx"), TensorProto.FLOAT16, False)
build(os.path.join(here, "toy_merged", "decoder_model_merged.onnx"), TensorProto.FLOAT, True, with_branch=True)
os.replace(os.path.join(here, "toy_fp16_nopos", "onnx", "config.json"), os.path.join(here, "toy_fp16_nopos", "config.json"))

# A valid ONNX model that is not a decoder (for the "wrong kind of model" error).
x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1])
y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1])
nd = helper.make_model(helper.make_graph([helper.make_node("Identity", ["x"], ["y"])], "identity", [x], [y]),
                       opset_imports=[helper.make_opsetid("", 17)])
nd.ir_version = 8
onnx.save(nd, os.path.join(here, "not_a_decoder.onnx"))
