#!/usr/bin/env python3
"""Export a transformers checkpoint (save_pretrained layout) to the ONNX / TorchScript layouts Zikos loads.

Supported model_type: qwen2, qwen3 (causal LM), audioflamingo3, musicflamingo (audio + Qwen2 decoder).

    python export_model.py --from HF_DIR --to OUT_DIR --format onnx|torchscript [--dtype fp32|fp16] [--no-verify]

Every size (layers, heads, kv heads, head_dim, hidden, vocab, tied/untied head) is read from the checkpoint's config.
See README.md in this folder for the exact graph signatures.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import sys
import warnings
from pathlib import Path

import numpy as np
import torch
from torch import nn

import transformers
from transformers import AutoConfig, AutoModelForCausalLM
from transformers.cache_utils import DynamicCache, DynamicLayer

ONNX_OPSET = 17
AUDIO_TYPES = ("audioflamingo3", "musicflamingo")
TEXT_TYPES = ("qwen2", "qwen3")
# window caps (30 s windows per sample): AF3 max_audio_len 600 s, MF (2601) 1200 s.
WINDOW_CAP = {"audioflamingo3": 20, "musicflamingo": 40}
COPY_FILES = [
    "config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json",
    "added_tokens.json", "chat_template.jinja", "chat_template.json", "preprocessor_config.json",
    "processor_config.json",
]


# ----------------------------------------------------------------------------------------------------------------------
# loading
# ----------------------------------------------------------------------------------------------------------------------
def load_hf_model(hf_dir: str | Path, dtype: str = "fp32"):
    config = AutoConfig.from_pretrained(hf_dir)
    mt = config.model_type
    if mt in TEXT_TYPES:
        cls = AutoModelForCausalLM
    elif mt == "audioflamingo3":
        from transformers import AudioFlamingo3ForConditionalGeneration as cls
    elif mt == "musicflamingo":
        try:
            from transformers import MusicFlamingoForConditionalGeneration as cls
        except ImportError as e:  # pragma: no cover
            raise SystemExit(f"this transformers ({transformers.__version__}) has no MusicFlamingo: {e}")
    else:
        raise SystemExit(f"unsupported model_type {mt!r}; supported: {TEXT_TYPES + AUDIO_TYPES}")
    # eager attention: plain MatMul/Softmax graphs, additive float masks that we build ourselves.
    model = cls.from_pretrained(hf_dir, attn_implementation="eager", dtype=torch.float32)
    model.eval()
    if dtype == "fp16":
        model.half()
    return model


def text_parts(model):
    """(decoder base model with .embed_tokens/.layers/.norm, lm_head, text_config)"""
    mt = model.config.model_type
    if mt in TEXT_TYPES:
        return model.model, model.lm_head, model.config
    return model.model.language_model, model.lm_head, model.config.text_config


def text_dims(tcfg):
    head_dim = getattr(tcfg, "head_dim", None) or tcfg.hidden_size // tcfg.num_attention_heads
    kv = getattr(tcfg, "num_key_value_heads", None) or tcfg.num_attention_heads
    return dict(num_layers=tcfg.num_hidden_layers, num_attention_heads=tcfg.num_attention_heads,
                num_key_value_heads=kv, head_dim=head_dim, hidden_size=tcfg.hidden_size, vocab_size=tcfg.vocab_size)


# ----------------------------------------------------------------------------------------------------------------------
# device-free pieces (no baked "cpu" constants in TorchScript traces)
# ----------------------------------------------------------------------------------------------------------------------
class DeviceFreeRotary(nn.Module):
    """Same math as Qwen2/Qwen3RotaryEmbedding.forward (position_ids x inv_freq, cos/sin * attention_scaling) without the
    `.to(x.device)` / autocast calls that a tracer would freeze to the export device."""

    def __init__(self, orig: nn.Module):
        super().__init__()
        self.register_buffer("inv_freq", orig.inv_freq.detach().clone().float(), persistent=False)
        self.attention_scaling = float(getattr(orig, "attention_scaling", 1.0))

    def forward(self, x, position_ids):
        freqs = position_ids[:, :, None].float() * self.inv_freq[None, None, :]
        emb = torch.cat((freqs, freqs), dim=-1)
        cos = emb.cos() * self.attention_scaling
        sin = emb.sin() * self.attention_scaling
        return cos.to(dtype=x.dtype), sin.to(dtype=x.dtype)


def build_causal_mask(attention_mask: torch.Tensor, position_ids: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
    """Additive [B,1,S,T] mask. Query i (0..S-1) sits at cache index P+i with P = T-S; it sees key j when j <= P+i and
    attention_mask[b, j] == 1. Built only from tensor ops so every size stays dynamic in traces."""
    ones_t = torch.ones_like(attention_mask[0])  # [T]
    ones_s = torch.ones_like(position_ids[0])  # [S]
    k_idx = torch.cumsum(ones_t, 0) - 1
    past = ones_t.sum() - ones_s.sum()
    q_idx = torch.cumsum(ones_s, 0) - 1 + past
    causal = k_idx[None, :] <= q_idx[:, None]  # [S,T]
    allowed = causal[None, None, :, :] & (attention_mask[:, None, None, :] > 0)  # [B,1,S,T]
    mask = torch.zeros_like(allowed, dtype=dtype)
    return mask.masked_fill(~allowed, torch.finfo(dtype).min)


class DecoderCore(nn.Module):
    """One decoder step on a transformers DynamicCache rebuilt from flat past tensors."""

    def __init__(self, model, embeds_input: bool):
        super().__init__()
        base, lm_head, tcfg = text_parts(model)
        self.base = base
        self.lm_head = lm_head
        self.embeds_input = embeds_input
        self.num_layers = tcfg.num_hidden_layers
        if not isinstance(base.rotary_emb, DeviceFreeRotary):
            base.rotary_emb = DeviceFreeRotary(base.rotary_emb)

    def run(self, x, attention_mask, position_ids, past: list[torch.Tensor]):
        inputs_embeds = x if self.embeds_input else self.base.embed_tokens(x)
        mask = build_causal_mask(attention_mask, position_ids, inputs_embeds.dtype)
        cache = DynamicCache()
        for i in range(self.num_layers):
            layer = DynamicLayer()
            layer.keys, layer.values = past[2 * i], past[2 * i + 1]
            layer.dtype, layer.device = layer.keys.dtype, layer.keys.device
            layer.is_initialized = True
            cache.layers.append(layer)
        masks = {"full_attention": mask}
        if getattr(self.base, "has_sliding_layers", False):
            raise NotImplementedError("sliding-window layers are not supported by this exporter")
        out = self.base(inputs_embeds=inputs_embeds, attention_mask=masks, position_ids=position_ids,
                        past_key_values=cache, use_cache=True)
        logits = self.lm_head(out.last_hidden_state).float()
        presents = []
        for i in range(self.num_layers):
            presents += [cache.layers[i].keys, cache.layers[i].values]
        return logits, presents


class OnnxDecoder(nn.Module):
    def __init__(self, core: DecoderCore):
        super().__init__()
        self.core = core

    def forward(self, x, attention_mask, position_ids, *past):
        logits, presents = self.core.run(x, attention_mask, position_ids, list(past))
        return (logits, *presents)


class TsDecoder(nn.Module):
    """forward(x, attention_mask, position_ids, past_kv[L*2,B,kv,P,hd]) -> (logits[B,S,V] f32, present[L*2,B,kv,T,hd])"""

    def __init__(self, core: DecoderCore):
        super().__init__()
        self.core = core

    def forward(self, x, attention_mask, position_ids, past_kv):
        past = list(torch.unbind(past_kv, 0))
        logits, presents = self.core.run(x, attention_mask, position_ids, past)
        return logits, torch.stack(presents, 0)


class EmbedTokens(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.embed = text_parts(model)[0].embed_tokens

    def forward(self, input_ids):
        return self.embed(input_ids)


class AudioEncoder(nn.Module):
    """input_features [W,128,3000] f32, input_features_mask [W,3000] i64 (MF also window_index [W] i64)
    -> audio_embeds [W,750,H] (model dtype), valid_lengths [W] i64.
    Re-implements AudioFlamingo3Encoder.forward with a self-built additive key-padding mask (same math) so the trace
    has no device constants; then pooling + LayerNorm (+ MF rotary time embedding) + projector."""

    def __init__(self, model):
        super().__init__()
        self.is_mf = model.config.model_type == "musicflamingo"
        inner = model.model
        self.tower = inner.audio_tower
        self.proj = inner.multi_modal_projector
        if self.is_mf:
            pe = inner.pos_emb
            self.frame_step = float(model.config.audio_frame_step) * 4
            self.audio_frame_step = float(model.config.audio_frame_step)
            self.max_seq_len_cached = pe.max_seq_len_cached
            self.register_buffer("inv_freq_rep", torch.repeat_interleave(pe.inv_freq.detach().clone(), 2, dim=-1),
                                 persistent=False)
            self.register_buffer("position_angles", pe.position_angles.detach().clone(), persistent=False)

    def forward(self, input_features, input_features_mask, window_index=None):
        t = self.tower
        x = input_features.to(t.conv1.weight.dtype)
        lengths = input_features_mask.sum(-1)
        conv_len = (lengths - 1) // 2 + 1
        post_len = (conv_len - 2) // 2 + 1
        h = nn.functional.gelu(t.conv1(x))
        h = nn.functional.gelu(t.conv2(h))
        h = h.permute(0, 2, 1)
        h = h + t.embed_positions.weight
        ones = torch.ones_like(input_features_mask[0, : h.shape[1]])  # [1500] int64
        pos = torch.cumsum(ones, 0) - 1
        valid = pos[None, :] < conv_len[:, None]  # [W,1500]
        m = valid[:, None, None, :]
        mask = torch.zeros_like(m, dtype=h.dtype).masked_fill(~m, torch.finfo(h.dtype).min)
        for layer in t.layers:
            h = layer(h, mask)
        h = t.avg_pooler(h.permute(0, 2, 1)).permute(0, 2, 1)
        h = t.layer_norm(h)
        if self.is_mf:
            h = self._rotary_time(h, window_index)
        return self.proj(h), post_len

    def _rotary_time(self, h, window_index):
        n = h.shape[1]
        ones_f = torch.ones_like(h[0, :, 0], dtype=torch.float32)
        frame_offsets = (torch.cumsum(ones_f, 0) - 1) * self.frame_step  # == arange(n) * step
        timestamps = window_index.unsqueeze(1) * n * self.frame_step + frame_offsets  # MusicFlamingoModel._build_audio_timestamps
        # MusicFlamingoRotaryEmbedding.forward
        window_starts = timestamps[:, 0].to(torch.float32)
        window_duration = self.audio_frame_step * 4 * n
        window_positions = torch.round(window_starts / window_duration) / self.max_seq_len_cached
        window_freqs = window_positions.unsqueeze(-1) * self.inv_freq_rep
        window_freqs = window_freqs[:, None, :]
        time_freqs = self.position_angles[:n][None, :, :]
        window_freqs, time_freqs = torch.broadcast_tensors(window_freqs, time_freqs)
        freqs = torch.cat((window_freqs, time_freqs), dim=-1)
        angle = (-timestamps * 2 * math.pi).to(freqs.dtype)
        freqs = freqs * angle.unsqueeze(-1)
        return _apply_rotary_time_emb(h, freqs.cos(), freqs.sin())


def _rotate_half(x):
    x = x.reshape(*x.shape[:-1], -1, 2)
    x1, x2 = x.unbind(dim=-1)
    return torch.stack((-x2, x1), dim=-1).flatten(-2)


def _apply_rotary_time_emb(hidden_states, cos, sin):
    """musicflamingo.apply_rotary_time_emb with dtype-only casts (`.to(tensor)` would freeze the device in a trace)."""
    original_dtype = hidden_states.dtype
    hidden_states = hidden_states.to(torch.float64)
    cos = cos.to(torch.float64)
    sin = sin.to(torch.float64)
    rot_dim = cos.shape[-1]
    passthrough = hidden_states[..., rot_dim:]
    rotated = hidden_states[..., :rot_dim]
    rotated = (rotated * cos) + (_rotate_half(rotated) * sin)
    return torch.cat((rotated, passthrough), dim=-1).to(original_dtype)


# ----------------------------------------------------------------------------------------------------------------------
# example inputs / naming
# ----------------------------------------------------------------------------------------------------------------------
def kv_names(n_layers, prefix):
    names = []
    for i in range(n_layers):
        names += [f"{prefix}.{i}.key", f"{prefix}.{i}.value"]
    return names


def example_decoder_inputs(dims, dtype, embeds_input, b=2, s=3, p=4, seed=0):
    g = torch.Generator().manual_seed(seed)
    t = p + s
    if embeds_input:
        x = torch.randn(b, s, dims["hidden_size"], generator=g).to(dtype)
    else:
        x = torch.randint(0, dims["vocab_size"], (b, s), generator=g)
    am = torch.ones(b, t, dtype=torch.long)
    pid = (torch.arange(s) + p).unsqueeze(0).expand(b, s).contiguous()
    past = [torch.randn(b, dims["num_key_value_heads"], p, dims["head_dim"], generator=g).to(dtype)
            for _ in range(2 * dims["num_layers"])]
    return x, am, pid, past


def check_device_free(ts_module, name):
    g = str(ts_module.inlined_graph)
    hits = [ln.strip() for ln in g.splitlines() if '"cpu"' in ln or "Device" in ln and "prim::Constant" in ln]
    if hits:
        print(f"[warn] {name}: device constants in graph (module may not move to CUDA):\n  " + "\n  ".join(hits[:5]))
    return not hits


# ----------------------------------------------------------------------------------------------------------------------
# export
# ----------------------------------------------------------------------------------------------------------------------
def onnx_export(module, args, path, input_names, output_names, dynamic_axes):
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    before = set(os.listdir(Path(path).parent))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(module, tuple(args), str(path), input_names=input_names, output_names=output_names,
                          dynamic_axes=dynamic_axes, opset_version=ONNX_OPSET, do_constant_folding=True, dynamo=False)
    import onnx
    path = Path(path)
    m = onnx.load(str(path), load_external_data=True)
    total = sum(len(t.raw_data) for t in m.graph.initializer)
    if total >= (1 << 31) - (1 << 26):
        # > 2 GB protobuf limit: rewrite with ONE external data file beside the graph: <name>.onnx.data
        stray = [path.parent / n for n in set(os.listdir(path.parent)) - before if n != path.name]
        onnx.save_model(m, str(path), save_as_external_data=True, all_tensors_to_one_file=True,
                        location=path.name + ".data", size_threshold=1024)
        for p in stray:  # per-tensor files the legacy exporter may have written
            if p.is_file() and p.name != path.name + ".data":
                p.unlink()
    return path


def export_decoder_onnx(model, out: Path, dims, dtype, embeds_input: bool, fname: str):
    core = DecoderCore(model, embeds_input)
    wrapper = OnnxDecoder(core).eval()
    x, am, pid, past = example_decoder_inputs(dims, dtype, embeds_input)
    first = "inputs_embeds" if embeds_input else "input_ids"
    in_names = [first, "attention_mask", "position_ids"] + kv_names(dims["num_layers"], "past_key_values")
    out_names = ["logits"] + kv_names(dims["num_layers"], "present")
    dyn = {first: {0: "batch_size", 1: "sequence_length"}, "attention_mask": {0: "batch_size", 1: "total_sequence_length"},
           "position_ids": {0: "batch_size", 1: "sequence_length"}, "logits": {0: "batch_size", 1: "sequence_length"}}
    for n in kv_names(dims["num_layers"], "past_key_values"):
        dyn[n] = {0: "batch_size", 2: "past_sequence_length"}
    for n in kv_names(dims["num_layers"], "present"):
        dyn[n] = {0: "batch_size", 2: "total_sequence_length"}
    with torch.no_grad():
        onnx_export(wrapper, [x, am, pid, *past], out / fname, in_names, out_names, dyn)
    return fname


def export_decoder_ts(model, out: Path, dims, dtype, embeds_input: bool, fname: str):
    core = DecoderCore(model, embeds_input)
    wrapper = TsDecoder(core).eval()
    x, am, pid, past = example_decoder_inputs(dims, dtype, embeds_input)
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        traced = torch.jit.trace(wrapper, (x, am, pid, torch.stack(past, 0)), check_trace=False, strict=False)
    check_device_free(traced, fname)
    torch.jit.save(traced, str(out / fname))
    return fname


def export_embed(model, out: Path, fmt: str):
    mod = EmbedTokens(model).eval()
    ids = torch.tensor([[1, 2, 3], [4, 5, 6]], dtype=torch.long)
    with torch.no_grad():
        if fmt == "onnx":
            onnx_export(mod, [ids], out / "embed_tokens.onnx", ["input_ids"], ["inputs_embeds"],
                        {"input_ids": {0: "batch_size", 1: "sequence_length"},
                         "inputs_embeds": {0: "batch_size", 1: "sequence_length"}})
            return "embed_tokens.onnx"
        traced = torch.jit.trace(mod, (ids,))
        check_device_free(traced, "embed_tokens.pt")
        torch.jit.save(traced, str(out / "embed_tokens.pt"))
        return "embed_tokens.pt"


def example_audio_inputs(w=2):
    g = torch.Generator().manual_seed(1)
    feats = torch.randn(w, 128, 3000, generator=g)
    mask = torch.zeros(w, 3000, dtype=torch.long)
    mask[0, :] = 1
    mask[1:, :1234] = 1
    widx = torch.arange(w, dtype=torch.long)
    return feats, mask, widx


def export_audio(model, out: Path, fmt: str):
    mod = AudioEncoder(model).eval()
    feats, mask, widx = example_audio_inputs()
    args = [feats, mask] + ([widx] if mod.is_mf else [])
    in_names = ["input_features", "input_features_mask"] + (["window_index"] if mod.is_mf else [])
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if fmt == "onnx":
            dyn = {"input_features": {0: "num_windows"}, "input_features_mask": {0: "num_windows"},
                   "audio_embeds": {0: "num_windows"}, "valid_lengths": {0: "num_windows"}}
            if mod.is_mf:
                dyn["window_index"] = {0: "num_windows"}
            onnx_export(mod, args, out / "audio_encoder.onnx", in_names, ["audio_embeds", "valid_lengths"], dyn)
            return "audio_encoder.onnx"
        traced = torch.jit.trace(mod, tuple(args), check_trace=False)
        check_device_free(traced, "audio_encoder.pt")
        torch.jit.save(traced, str(out / "audio_encoder.pt"))
        return "audio_encoder.pt"


# ----------------------------------------------------------------------------------------------------------------------
# side files + metadata
# ----------------------------------------------------------------------------------------------------------------------
def copy_side_files(hf_dir: Path, out: Path):
    copied = []
    for name in COPY_FILES:
        src = hf_dir / name
        if src.is_file():
            shutil.copy2(src, out / name)
            copied.append(name)
    # transformers 5 writes the template to chat_template.jinja; keep tokenizer_config.json self-contained too.
    tc = out / "tokenizer_config.json"
    if tc.is_file():
        cfg = json.loads(tc.read_text())
        if not cfg.get("chat_template"):
            tmpl = None
            if (hf_dir / "chat_template.jinja").is_file():
                tmpl = (hf_dir / "chat_template.jinja").read_text()
            elif (hf_dir / "chat_template.json").is_file():
                tmpl = json.loads((hf_dir / "chat_template.json").read_text()).get("chat_template")
            if tmpl:
                cfg["chat_template"] = tmpl
                tc.write_text(json.dumps(cfg, indent=2, ensure_ascii=False) + "\n")
    return copied


def eos_ids(hf_dir: Path, tcfg):
    ids = []
    gc = hf_dir / "generation_config.json"
    if gc.is_file():
        e = json.loads(gc.read_text()).get("eos_token_id")
        ids += e if isinstance(e, list) else ([e] if e is not None else [])
    e = getattr(tcfg, "eos_token_id", None)
    ids += e if isinstance(e, list) else ([e] if e is not None else [])
    return sorted(set(int(i) for i in ids))


def write_metadata(hf_dir: Path, out: Path, model, fmt, dtype, files, copied, signatures):
    _, _, tcfg = text_parts(model)
    d = text_dims(tcfg)
    mt = model.config.model_type
    fp = "float16" if dtype == "fp16" else "float32"
    meta = {
        "zikos_export_version": 1,
        "format": fmt,
        "model_type": mt,
        "text_model_type": tcfg.model_type,
        "files": files,
        "side_files": copied,
        "dtypes": {"weights": fp, "kv_cache": fp, "logits": "float32",
                   "inputs_embeds": fp if mt in AUDIO_TYPES else None,
                   "audio_embeds": fp if mt in AUDIO_TYPES else None,
                   "input_features": "float32" if mt in AUDIO_TYPES else None},
        **d,
        "tie_word_embeddings": bool(getattr(tcfg, "tie_word_embeddings", False)),
        "rope_theta": (getattr(tcfg, "rope_parameters", None) or {}).get("rope_theta", getattr(tcfg, "rope_theta", None)),
        "eos_token_ids": eos_ids(hf_dir, tcfg),
        "bos_token_id": getattr(tcfg, "bos_token_id", None),
        "pad_token_id": getattr(tcfg, "pad_token_id", None),
        "signatures": signatures,
        "versions": versions(),
    }
    if fmt == "onnx":
        meta["onnx_opset"] = ONNX_OPSET
    if mt in AUDIO_TYPES:
        meta.update({
            "audio_token_id": model.config.audio_token_id,
            "audio_bos_token_id": getattr(model.config, "audio_bos_token_id", None),
            "audio_eos_token_id": getattr(model.config, "audio_eos_token_id", None),
            "window_cap": WINDOW_CAP[mt],
            "window_samples": 480000, "window_frames": 3000, "num_mel_bins": model.config.audio_config.num_mel_bins,
            "audio_tokens_per_full_window": 750,
            "audio_encoder_window_index_input": mt == "musicflamingo",
            "audio_gather": "for each window w in order take audio_embeds[w, 0:valid_lengths[w], :]; concatenate; "
                            "write the rows in order into the positions of audio_token_id in the prompt",
        })
    (out / "zikos_export.json").write_text(json.dumps(meta, indent=2) + "\n")
    return meta


def versions():
    import tokenizers
    v = {"python": sys.version.split()[0], "torch": torch.__version__, "transformers": transformers.__version__,
         "tokenizers": tokenizers.__version__, "numpy": np.__version__}
    try:
        import onnx, onnxruntime
        v["onnx"] = onnx.__version__
        v["onnxruntime"] = onnxruntime.__version__
    except ImportError:
        pass
    return v


def signatures_for(mt, fmt, dims, dtype):
    fp = "float16" if dtype == "fp16" else "float32"
    L, kv, hd, H, V = dims["num_layers"], dims["num_key_value_heads"], dims["head_dim"], dims["hidden_size"], dims["vocab_size"]
    audio = mt in AUDIO_TYPES
    first = (f"inputs_embeds {fp}[B,S,{H}]" if audio else "input_ids int64[B,S]")
    if fmt == "onnx":
        dec = {"inputs": [first, "attention_mask int64[B,T]", "position_ids int64[B,S]",
                          f"past_key_values.{{i}}.key|value {fp}[B,{kv},P,{hd}] for i in 0..{L - 1} (P = T - S, may be 0)"],
               "outputs": [f"logits float32[B,S,{V}]", f"present.{{i}}.key|value {fp}[B,{kv},T,{hd}]"]}
        sig = {"decoder.onnx" if audio else "model.onnx": dec}
        if audio:
            ins = ["input_features float32[W,128,3000]", "input_features_mask int64[W,3000]"]
            if mt == "musicflamingo":
                ins.append("window_index int64[W] (window position inside its audio sample: 0,1,2,...)")
            sig["audio_encoder.onnx"] = {"inputs": ins, "outputs": [f"audio_embeds {fp}[W,750,{H}]", "valid_lengths int64[W]"]}
            sig["embed_tokens.onnx"] = {"inputs": ["input_ids int64[B,S]"], "outputs": [f"inputs_embeds {fp}[B,S,{H}]"]}
    else:
        dec = {"forward": [first, "attention_mask int64[B,T]", "position_ids int64[B,S]",
                           f"past_kv {fp}[{2 * L},B,{kv},P,{hd}] (layer i key = 2i, value = 2i+1; P may be 0)"],
               "returns": f"tuple(logits float32[B,S,{V}], present {fp}[{2 * L},B,{kv},T,{hd}])"}
        sig = {"decoder.pt": dec}
        if audio:
            ins = ["input_features float32[W,128,3000]", "input_features_mask int64[W,3000]"]
            if mt == "musicflamingo":
                ins.append("window_index int64[W]")
            sig["audio_encoder.pt"] = {"forward": ins, "returns": f"tuple(audio_embeds {fp}[W,750,{H}], valid_lengths int64[W])"}
            sig["embed_tokens.pt"] = {"forward": ["input_ids int64[B,S]"], "returns": f"inputs_embeds {fp}[B,S,{H}]"}
    return sig


# ----------------------------------------------------------------------------------------------------------------------
# verification against transformers
# ----------------------------------------------------------------------------------------------------------------------
class Runner:
    """Uniform step() over the exported files: returns (logits np.float32 [B,S,V], opaque cache)."""

    def __init__(self, out: Path, fmt: str, mt: str, dims, dtype):
        self.fmt, self.mt, self.dims, self.dtype = fmt, mt, dims, dtype
        self.audio = mt in AUDIO_TYPES
        self.np_fp = np.float16 if dtype == "fp16" else np.float32
        self.t_fp = torch.float16 if dtype == "fp16" else torch.float32
        if fmt == "onnx":
            import onnxruntime as ort
            so = ort.SessionOptions()
            so.intra_op_num_threads = 2
            so.log_severity_level = 3
            mk = lambda f: ort.InferenceSession(str(out / f), so, providers=["CPUExecutionProvider"])
            self.dec = mk("decoder.onnx" if self.audio else "model.onnx")
            if self.audio:
                self.emb = mk("embed_tokens.onnx")
                self.enc = mk("audio_encoder.onnx")
        else:
            self.dec = torch.jit.load(str(out / "decoder.pt"))
            if self.audio:
                self.emb = torch.jit.load(str(out / "embed_tokens.pt"))
                self.enc = torch.jit.load(str(out / "audio_encoder.pt"))

    def empty_cache(self, b):
        d = self.dims
        shape = (b, d["num_key_value_heads"], 0, d["head_dim"])
        if self.fmt == "onnx":
            return [np.zeros(shape, self.np_fp) for _ in range(2 * d["num_layers"])]
        return torch.zeros((2 * d["num_layers"],) + shape, dtype=self.t_fp)

    def embed(self, ids: np.ndarray):
        if self.fmt == "onnx":
            return self.emb.run(None, {"input_ids": ids})[0]
        with torch.no_grad():
            return self.emb(torch.from_numpy(ids)).numpy()

    def encode_audio(self, feats: np.ndarray, mask: np.ndarray):
        w = feats.shape[0]
        widx = np.arange(w, dtype=np.int64)
        if self.fmt == "onnx":
            feed = {"input_features": feats, "input_features_mask": mask}
            if self.mt == "musicflamingo":
                feed["window_index"] = widx
            return tuple(self.enc.run(None, feed))
        args = [torch.from_numpy(feats), torch.from_numpy(mask)]
        if self.mt == "musicflamingo":
            args.append(torch.from_numpy(widx))
        with torch.no_grad():
            e, l = self.enc(*args)
        return e.numpy(), l.numpy()

    def step(self, x: np.ndarray, am: np.ndarray, pid: np.ndarray, cache):
        if self.fmt == "onnx":
            first = "inputs_embeds" if self.audio else "input_ids"
            feed = {first: x, "attention_mask": am, "position_ids": pid}
            for i, n in enumerate(kv_names(self.dims["num_layers"], "past_key_values")):
                feed[n] = cache[i]
            res = self.dec.run(None, feed)
            return res[0], res[1:]
        with torch.no_grad():
            logits, present = self.dec(torch.from_numpy(x), torch.from_numpy(am), torch.from_numpy(pid), cache)
        return logits.numpy(), present


def gather_audio(audio_embeds: np.ndarray, valid_lengths: np.ndarray) -> np.ndarray:
    return np.concatenate([audio_embeds[w, : int(valid_lengths[w])] for w in range(audio_embeds.shape[0])], axis=0)


def prompt_embeds(runner: Runner, ids: list[int], audio_token_id=None, feats=None, mask=None):
    arr = np.asarray([ids], dtype=np.int64)
    emb = runner.embed(arr)
    if feats is not None:
        ae, vl = runner.encode_audio(feats, mask)
        rows = gather_audio(ae, vl)
        pos = np.nonzero(arr[0] == audio_token_id)[0]
        assert len(pos) == rows.shape[0], (len(pos), rows.shape)
        emb = emb.copy()
        emb[0, pos] = rows.astype(emb.dtype)
    return emb


def greedy(runner: Runner, ids: list[int], n_new: int, eos: list[int] | None = None, audio_token_id=None,
           feats=None, mask=None):
    """Greedy decode with the exported files: prefill (P=0) then one token per step. Returns (new ids, first logits)."""
    cache = runner.empty_cache(1)
    if runner.audio:
        x = prompt_embeds(runner, ids, audio_token_id, feats, mask)
    else:
        x = np.asarray([ids], dtype=np.int64)
    t = len(ids)
    am = np.ones((1, t), np.int64)
    pid = np.arange(t, dtype=np.int64)[None]
    out, first = [], None
    for _ in range(n_new):
        logits, cache = runner.step(x, am, pid, cache)
        last = logits[0, -1].astype(np.float32)
        if first is None:
            first = last
        nxt = int(np.argmax(last))
        out.append(nxt)
        if eos and nxt in eos:
            break
        x = runner.embed(np.asarray([[nxt]], np.int64)) if runner.audio else np.asarray([[nxt]], np.int64)
        am = np.ones((1, am.shape[1] + 1), np.int64)
        pid = np.asarray([[am.shape[1] - 1]], np.int64)
    return out, first


def verify(model, out: Path, fmt: str, dtype: str, tol=1e-4):
    """Compare prefill (P=0) + two decode steps (S=1 and S=2) with a padded batch of 2 against transformers, and
    (audio) the encoder + gather against get_audio_features."""
    mt = model.config.model_type
    _, _, tcfg = text_parts(model)
    dims = text_dims(tcfg)
    runner = Runner(out, fmt, mt, dims, dtype)
    audio = mt in AUDIO_TYPES
    V = dims["vocab_size"]
    g = torch.Generator().manual_seed(123)
    ids = torch.randint(0, min(V, 400), (2, 7), generator=g)
    am = torch.ones(2, 7, dtype=torch.long)
    am[1, :2] = 0  # left padding in row 1
    results = {}
    hf = model
    with torch.no_grad():
        # HF reference: full forward over the whole sequence (no cache) for each prefix length we test.
        def hf_logits(ids_, am_):
            pid_ = (am_.cumsum(-1) - 1).clamp(min=0)
            return hf(input_ids=ids_, attention_mask=am_, position_ids=pid_, use_cache=False).logits.float()
        full = hf_logits(ids, am)
    # exported: prefill 4, then 1, then 2 tokens
    cache = runner.empty_cache(2)
    pos = 0
    maxdiff = 0.0
    for s in (4, 1, 2):
        chunk = ids[:, pos:pos + s].numpy()
        am_t = am[:, : pos + s].numpy()
        pid = (am[:, : pos + s].cumsum(-1) - 1).clamp(min=0)[:, pos:pos + s].numpy()
        x = runner.embed(chunk) if audio else chunk
        logits, cache = runner.step(x, am_t, pid, cache)
        ref = full[:, pos:pos + s].numpy()
        valid = am[:, pos:pos + s].numpy().astype(bool)
        d = float(np.abs(logits.astype(np.float32) - ref)[valid].max())
        maxdiff = max(maxdiff, d)
        pos += s
    results["decoder_max_abs_diff"] = maxdiff
    ok = maxdiff <= (tol if dtype == "fp32" else 5e-2)
    if audio:
        feats, mask, widx = example_audio_inputs(3)
        mask[2, :] = 0
        mask[2, :17] = 1
        with torch.no_grad():
            inner = model.model
            kw = {}
            if mt == "musicflamingo":
                # one sample with 3 windows: build input_ids holding the right number of audio tokens
                n_tok = int(((((mask.sum(-1) - 1) // 2 + 1) - 2) // 2 + 1).sum())
                kw["input_ids"] = torch.tensor([[1] + [model.config.audio_token_id] * n_tok + [2]])
            ref = inner.get_audio_features(feats.to(model.dtype), mask, **kw).pooler_output.float().numpy()
        ae, vl = runner.encode_audio(feats.numpy(), mask.numpy())
        got = gather_audio(ae, vl).astype(np.float32)
        assert got.shape == ref.shape, (got.shape, ref.shape)
        d = float(np.abs(got - ref).max())
        results["audio_max_abs_diff"] = d
        results["audio_valid_lengths"] = vl.tolist()
        ok = ok and d <= (tol if dtype == "fp32" else 5e-2)
    results["ok"] = bool(ok)
    return results


# ----------------------------------------------------------------------------------------------------------------------
def export(hf_dir, out_dir, fmt, dtype="fp32", do_verify=True):
    hf_dir, out = Path(hf_dir), Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model = load_hf_model(hf_dir, dtype)
    mt = model.config.model_type
    _, _, tcfg = text_parts(model)
    dims = text_dims(tcfg)
    tdt = torch.float16 if dtype == "fp16" else torch.float32
    files = []
    if fmt == "onnx":
        if mt in AUDIO_TYPES:
            files.append(export_audio(model, out, "onnx"))
            files.append(export_embed(model, out, "onnx"))
            files.append(export_decoder_onnx(model, out, dims, tdt, True, "decoder.onnx"))
        else:
            files.append(export_decoder_onnx(model, out, dims, tdt, False, "model.onnx"))
        for p in out.iterdir():
            if p.name.endswith(".onnx.data"):
                files.append(p.name)
    elif fmt == "torchscript":
        if mt in AUDIO_TYPES:
            files.append(export_audio(model, out, "torchscript"))
            files.append(export_embed(model, out, "torchscript"))
            files.append(export_decoder_ts(model, out, dims, tdt, True, "decoder.pt"))
        else:
            files.append(export_decoder_ts(model, out, dims, tdt, False, "decoder.pt"))
    else:
        raise SystemExit(f"unknown format {fmt}")
    copied = copy_side_files(hf_dir, out)
    meta = write_metadata(hf_dir, out, model, fmt, dtype, sorted(set(files)), copied, signatures_for(mt, fmt, dims, dtype))
    if do_verify:
        if True:
            ref_model = load_hf_model(hf_dir, dtype)
            res = verify(ref_model, out, fmt, dtype)
            print(f"[verify] {out} {fmt} {dtype}: {json.dumps(res)}")
            meta["verification"] = res
            (out / "zikos_export.json").write_text(json.dumps(meta, indent=2) + "\n")
            if not res["ok"]:
                raise SystemExit(f"verification FAILED for {out}")
    return meta


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--from", dest="src", required=True, help="checkpoint dir written by save_pretrained")
    ap.add_argument("--to", dest="dst", required=True, help="output dir")
    ap.add_argument("--format", choices=["onnx", "torchscript"], required=True)
    ap.add_argument("--dtype", choices=["fp32", "fp16"], default="fp32")
    ap.add_argument("--no-verify", action="store_true", help="skip the comparison against transformers")
    a = ap.parse_args()
    torch.manual_seed(0)
    export(a.src, a.dst, a.format, a.dtype, not a.no_verify)


if __name__ == "__main__":
    main()
