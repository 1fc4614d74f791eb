#!/usr/bin/env python3
"""Build the tiny random-weight fixtures in testdata/models (and, with --bench-model, a full-size random Qwen2.5-0.5B).

    python make_tiny_fixtures.py [--out testdata/models] [--only qwen2-tiny,af3-tiny] [--keep-hf]
    python make_tiny_fixtures.py --bench-model /work/bench-models/qwen2.5-0.5b-random

For each fixture NAME: a byte-level BPE tokenizer (trained here, Qwen special tokens added), a model from the real
transformers config class with a fixed seed, saved with save_pretrained to a temp dir (or NAME/hf with --keep-hf),
exported with export_model.py to NAME/onnx and NAME/torchscript, reference outputs from transformers in
NAME/reference.json, and a check that both exports reproduce the greedy ids exactly.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import export_model as em  # noqa: E402

from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers  # noqa: E402
from transformers import GenerationConfig, PreTrainedTokenizerFast, Qwen2Config, Qwen3Config  # noqa: E402

SEED = 1234
N_NEW = 16
REPO = HERE.parent.parent
AUDIO_CLIP = REPO / "testdata" / "audio" / "tone_a4_7s.wav"
HF_KEEP_LIMIT = 1_000_000  # only small safetensors checkpoints are kept (--keep-hf)
BPE_VOCAB = 502  # + 10 added tokens = 512

# Qwen special / added tokens, in this order; their ids are BPE_VOCAB + index.
SPECIAL_TOKENS = [
    ("<|endoftext|>", True), ("<|im_start|>", True), ("<|im_end|>", True),
    ("<tool_call>", False), ("</tool_call>", False), ("<think>", False), ("</think>", False),
    ("<sound>", True), ("<|sound_bos|>", True), ("<|sound_eos|>", True),
]
QWEN2_SPLIT = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|"
               r"\s+(?!\S)|\s+")

CORPUS = """
The quick brown fox jumps over the lazy dog. A musician practices scales every morning before breakfast.
Play a C major scale slowly, then the G major scale, then the D major scale with two sharps.
Practice with a metronome at sixty beats per minute, and raise the tempo by four beats when it feels easy.
The guitar has six strings tuned E A D G B E. The violin has four strings tuned G D A E.
A chord is three or more notes played together. The C major chord has the notes C, E and G.
The minor chord sounds sad; the major chord sounds bright. Listen to the intervals: a third, a fifth, an octave.
Keep your wrist relaxed and your shoulders loose. Breathe slowly. Count out loud: one and two and three and four.
The note A above middle C is tuned to 440 hertz. An octave higher is 880 hertz, an octave lower is 220 hertz.
Record yourself, listen back, and write down what to improve. Was the rhythm steady? Was the tone clear?
Today we will work on arpeggios, legato phrasing, dynamics from piano to forte, and a short sight-reading exercise.
The song is in four four time with a swing feel. The bridge modulates to the relative minor key.
Music practice plan: warm up for ten minutes, technique for twenty minutes, repertoire for thirty minutes.
You are a helpful assistant. What tempo should I practice this passage at? Try seventy two beats per minute first.
Transcribe the input speech. Describe the audio. What instrument is playing? Is the tuning sharp or flat?
The pitch of the tone is steady, the dynamics are soft, and the timbre is a pure sine wave without overtones.
Hello! How are you today? I am fine, thank you. Let us play some music together.
{"name": "set_metronome", "arguments": {"bpm": 72}} {"name": "tuner", "arguments": {"note": "A4"}}
Numbers: 0 1 2 3 4 5 6 7 8 9 10 12 16 24 32 60 72 120 440. Symbols: ( ) [ ] { } < > / \\ | - + = * & % $ # @ ! ? : ; , .
"""


def build_tokenizer(chat_template: str) -> PreTrainedTokenizerFast:
    tok = Tokenizer(models.BPE(unk_token=None, byte_fallback=False))
    tok.normalizer = normalizers.NFC()
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(QWEN2_SPLIT), behavior="isolated", invert=False),
        pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=False, use_regex=False),
    ])
    tok.decoder = decoders.ByteLevel(add_prefix_space=False, trim_offsets=False, use_regex=False)
    trainer = trainers.BpeTrainer(vocab_size=BPE_VOCAB, min_frequency=1, show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), special_tokens=[])
    tok.train_from_iterator([CORPUS] * 4, trainer=trainer)
    assert tok.get_vocab_size() == BPE_VOCAB, tok.get_vocab_size()
    tok.add_special_tokens([AddedToken(t, special=s, normalized=False, lstrip=False, rstrip=False, single_word=False)
                            for t, s in SPECIAL_TOKENS])
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, eos_token="<|im_end|>", pad_token="<|endoftext|>",
                                   unk_token=None, bos_token=None, model_max_length=32768, clean_up_tokenization_spaces=False,
                                   errors="replace", split_special_tokens=False)
    fast.chat_template = chat_template
    return fast


def special_ids(tok) -> dict:
    return {t: tok.convert_tokens_to_ids(t) for t, _ in SPECIAL_TOKENS}


def text_cfg(cls, ids, vocab, **kw):
    # 32k positions, as Qwen2.5: a coach conversation with the real tool set and pinned analysis must fit even though
    # the tiny tokenizer spends ~2 characters a token. Rotary embeddings are computed on the fly, so this changes no
    # weight, graph or reference output.
    base = dict(vocab_size=vocab, hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4,
                num_key_value_heads=2, max_position_embeddings=32768, rms_norm_eps=1e-6, initializer_range=0.1,
                bos_token_id=ids["<|endoftext|>"], eos_token_id=ids["<|im_end|>"], pad_token_id=ids["<|endoftext|>"],
                use_cache=True)
    base.update(kw)
    return cls(**base)


def audio_enc_cfg():
    return dict(model_type="audioflamingo3_encoder", num_mel_bins=128, max_source_positions=1500, d_model=64,
                encoder_layers=2, encoder_attention_heads=4, encoder_ffn_dim=128, initializer_range=0.1)


FIXTURES = {
    # name: (kind, template file(s))
    "qwen2-tiny": "qwen2",
    "qwen3-tiny": "qwen3",
    "af3-tiny": "audioflamingo3",
    "mf-tiny": "musicflamingo",
}


def have_musicflamingo() -> bool:
    try:
        from transformers import MusicFlamingoForConditionalGeneration  # noqa: F401
        return True
    except ImportError:
        return False


def make_hf(name: str, kind: str, hf_dir: Path):
    """Create and save_pretrained the tiny model + tokenizer (+ processor). Returns (model, tokenizer, processor)."""
    torch.manual_seed(SEED)
    tmpl = (HERE / "templates")
    if kind == "qwen2":
        tok = build_tokenizer((tmpl / "qwen2_5.jinja").read_text())
        ids = special_ids(tok)
        from transformers import Qwen2ForCausalLM
        cfg = text_cfg(Qwen2Config, ids, len(tok), tie_word_embeddings=True, rope_theta=1e6)
        model = Qwen2ForCausalLM(cfg)
        proc = None
    elif kind == "qwen3":
        tok = build_tokenizer((tmpl / "qwen3.jinja").read_text())
        ids = special_ids(tok)
        from transformers import Qwen3ForCausalLM
        # explicit head_dim (32) != hidden/heads (16), untied lm_head: exercises both code paths
        cfg = text_cfg(Qwen3Config, ids, len(tok), head_dim=32, tie_word_embeddings=False, rope_theta=1e6)
        model = Qwen3ForCausalLM(cfg)
        proc = None
    else:
        from transformers import WhisperFeatureExtractor
        mf = kind == "musicflamingo"
        tok = build_tokenizer((tmpl / ("mf_tokenizer.jinja" if mf else "af3_tokenizer.jinja")).read_text())
        ids = special_ids(tok)
        tcfg = text_cfg(Qwen2Config, ids, len(tok), tie_word_embeddings=False, rope_theta=1e6)
        fe = WhisperFeatureExtractor(feature_size=128, return_attention_mask=True)
        ptmpl = (tmpl / ("mf_processor.jinja" if mf else "af3_processor.jinja")).read_text()
        if mf:
            from transformers import MusicFlamingoConfig, MusicFlamingoForConditionalGeneration, MusicFlamingoProcessor
            cfg = MusicFlamingoConfig(audio_config=audio_enc_cfg(), text_config=tcfg.to_dict(),
                                      audio_token_id=ids["<sound>"], audio_bos_token_id=ids["<|sound_bos|>"],
                                      audio_eos_token_id=ids["<|sound_eos|>"])
            model = MusicFlamingoForConditionalGeneration(cfg)
            proc = MusicFlamingoProcessor(feature_extractor=fe, tokenizer=tok, chat_template=ptmpl)
        else:
            from transformers import AudioFlamingo3Config, AudioFlamingo3ForConditionalGeneration, AudioFlamingo3Processor
            cfg = AudioFlamingo3Config(audio_config=audio_enc_cfg(), text_config=tcfg.to_dict(),
                                       audio_token_id=ids["<sound>"])
            model = AudioFlamingo3ForConditionalGeneration(cfg)
            proc = AudioFlamingo3Processor(feature_extractor=fe, tokenizer=tok, chat_template=ptmpl)
    eot, im_end = ids["<|endoftext|>"], ids["<|im_end|>"]
    if kind == "audioflamingo3":  # same sampling defaults as the converted nvidia/audio-flamingo-3-hf
        gc = GenerationConfig(bos_token_id=eot, eos_token_id=[im_end, eot], pad_token_id=eot, do_sample=True,
                              temperature=0.7, top_k=20, top_p=0.8, repetition_penalty=1.05)
    elif kind == "musicflamingo":
        gc = GenerationConfig(bos_token_id=eot, eos_token_id=[im_end, eot], pad_token_id=eot, max_new_tokens=2048)
    else:
        gc = GenerationConfig(bos_token_id=eot, eos_token_id=[im_end, eot], pad_token_id=eot, do_sample=True,
                              temperature=0.7, top_p=0.8, top_k=20, repetition_penalty=1.05)
    model.generation_config = gc
    model.eval()
    hf_dir.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(hf_dir)
    tok.save_pretrained(hf_dir)
    if proc is not None:
        proc.save_pretrained(hf_dir)
        # keep the tokenizer's own (text-only) template in tokenizer_config.json; the processor's <sound>-aware
        # template is chat_template.jinja (the one to use for audio prompts)
    return tok, proc


def load_clip():
    import soundfile as sf
    audio, sr = sf.read(str(AUDIO_CLIP), dtype="float32")
    assert sr == 16000 and audio.ndim == 1, (sr, audio.shape)
    return audio


def prompt_cases(kind, tok, proc):
    cases = []
    plain = "The quick brown fox plays a C major scale."
    cases.append({"name": "plain_text", "text": plain, "input_ids": tok(plain)["input_ids"]})
    msgs = [{"role": "user", "content": "Play a C major scale slowly, then tell me the tempo."}]
    kw = {"enable_thinking": False} if kind == "qwen3" else {}
    chat = tok.apply_chat_template(msgs, tokenize=False, add_generation_prompt=True, **kw)
    cases.append({"name": "chat_template", "messages": msgs, "template_kwargs": kw, "text": chat,
                  "input_ids": tok(chat)["input_ids"]})
    special = [tok.convert_tokens_to_ids("<|im_start|>")] + list(range(10, 40)) + [tok.convert_tokens_to_ids("<|im_end|>")]
    cases.append({"name": "raw_ids", "input_ids": special})
    if proc is not None:
        conv = [{"role": "user", "content": [{"type": "audio", "path": "tone_a4_7s.wav"},
                                             {"type": "text", "text": "What note is this?"}]}]
        text = proc.apply_chat_template(conv, tokenize=False, add_generation_prompt=True)
        inputs = proc(text=text, audio=load_clip())
        audio_tok = proc.audio_token_id
        ids = inputs["input_ids"][0].tolist()
        cases.append({"name": "audio_tone_a4", "messages": conv, "text": text, "input_ids": ids,
                      "num_audio_tokens": int(sum(1 for i in ids if i == audio_tok)),
                      "input_features_shape": list(inputs["input_features"].shape),
                      "input_features_mask_sum": inputs["input_features_mask"].sum(-1).tolist(),
                      "_inputs": inputs})
    return cases


def hf_reference(model, case, eos_ids, pad_id):
    ids = torch.tensor([case["input_ids"]])
    extra = {}
    if "_inputs" in case:
        inp = case["_inputs"]
        extra = {"input_features": inp["input_features"], "input_features_mask": inp["input_features_mask"]}
    am = torch.ones_like(ids)
    # plain greedy: the checkpoint's generation_config (sampling, repetition_penalty 1.05) must not leak into generate()
    saved_gc = model.generation_config
    model.generation_config = GenerationConfig(bos_token_id=saved_gc.bos_token_id, pad_token_id=pad_id)
    with torch.no_grad():
        logits = model(input_ids=ids, attention_mask=am, **extra).logits[0, -1].float()
        g_noeos = GenerationConfig(do_sample=False, max_new_tokens=N_NEW, eos_token_id=None, pad_token_id=pad_id,
                                   repetition_penalty=1.0)
        out = model.generate(input_ids=ids, attention_mask=am, generation_config=g_noeos, **extra)
        noeos = out[0, ids.shape[1]:].tolist()
        g_eos = GenerationConfig(do_sample=False, max_new_tokens=N_NEW, eos_token_id=eos_ids, pad_token_id=pad_id,
                                 repetition_penalty=1.0)
        out = model.generate(input_ids=ids, attention_mask=am, generation_config=g_eos, **extra)
        witheos = out[0, ids.shape[1]:].tolist()
        # top-1 / top-2 margin along the greedy path (how robust the ids are to tiny numeric differences)
        full = torch.cat([ids, torch.tensor([noeos])], 1)
        lg = model(input_ids=full, attention_mask=torch.ones_like(full), **extra).logits[0, ids.shape[1] - 1:-1].float()
        top2 = lg.topk(2, -1).values
        margin = float((top2[:, 0] - top2[:, 1]).min())
    model.generation_config = saved_gc
    assert len(noeos) == N_NEW, noeos
    return {"greedy_ids_no_eos": noeos, "greedy_ids_with_eos": witheos,
            "eos_changes_output": witheos != noeos, "min_top2_margin": margin,
            "first_step_logits": [float(x) for x in logits.tolist()]}


def verify_exports(name, fixture_dir: Path, kind, cases, eos_ids):
    lines, ok = [], True
    for fmt in ("onnx", "torchscript"):
        d = fixture_dir / fmt
        meta = json.loads((d / "zikos_export.json").read_text())
        dims = {k: meta[k] for k in ("num_layers", "num_attention_heads", "num_key_value_heads", "head_dim",
                                     "hidden_size", "vocab_size")}
        runner = em.Runner(d, fmt, meta["model_type"], dims, "fp32")
        for c in cases:
            feats = mask = None
            if "_inputs" in c:
                feats = c["_inputs"]["input_features"].numpy().astype(np.float32)
                mask = c["_inputs"]["input_features_mask"].numpy().astype(np.int64)
            got, first = em.greedy(runner, c["input_ids"], N_NEW, None, meta.get("audio_token_id"), feats, mask)
            got_eos, _ = em.greedy(runner, c["input_ids"], N_NEW, eos_ids, meta.get("audio_token_id"), feats, mask)
            ref = c["ref"]
            d_log = float(np.abs(first - np.asarray(ref["first_step_logits"], np.float32)).max())
            match = got == ref["greedy_ids_no_eos"] and got_eos == ref["greedy_ids_with_eos"]
            ok = ok and match and d_log < 1e-4
            lines.append(f"{name:11s} {fmt:11s} {c['name']:14s} greedy16 {'MATCH' if match else 'MISMATCH'} "
                         f"first-logits max|diff| {d_log:.2e}")
            if not match:
                lines.append(f"    got {got} / eos {got_eos}\n    ref {ref['greedy_ids_no_eos']} / eos {ref['greedy_ids_with_eos']}")
    return ok, lines


def build_fixture(name: str, out_root: Path, keep_hf: bool):
    kind = FIXTURES[name]
    dst = out_root / name
    if dst.exists():
        shutil.rmtree(dst)
    dst.mkdir(parents=True)
    tmp = Path(tempfile.mkdtemp(prefix=f"zikos-{name}-"))
    hf_dir = (dst / "hf") if keep_hf else tmp / "hf"
    tok, proc = make_hf(name, kind, hf_dir)
    model = em.load_hf_model(hf_dir)  # reload from disk: references come from exactly the saved checkpoint
    ids = special_ids(tok)
    eos_ids = [ids["<|im_end|>"], ids["<|endoftext|>"]]
    cases = prompt_cases(kind, tok, proc)
    for c in cases:
        c["ref"] = hf_reference(model, c, eos_ids, ids["<|endoftext|>"])
    metas = {}
    for fmt in ("onnx", "torchscript"):
        metas[fmt] = em.export(hf_dir, dst / fmt, fmt, "fp32", do_verify=True)
    ok, lines = verify_exports(name, dst, kind, cases, eos_ids)
    ref = {
        "fixture": name, "model_type": model.config.model_type, "seed": SEED, "max_new_tokens": N_NEW,
        "special_token_ids": ids, "eos_token_ids": eos_ids, "pad_token_id": ids["<|endoftext|>"],
        "vocab_size": len(tok),
        "notes": "greedy_ids_* come from transformers model.generate(do_sample=False) on the fp32 checkpoint; "
                 "greedy_ids_no_eos uses eos_token_id=None so all 16 tokens are produced; first_step_logits are "
                 "the logits at the last prompt position of a plain forward pass (full vocab).",
        "versions": em.versions(),
        "export_verification": {f: metas[f].get("verification") for f in metas},
        "exports_reproduce_greedy_ids": ok,
        "cases": [],
    }
    if proc is not None:
        ref["audio_clip"] = "testdata/audio/tone_a4_7s.wav"
        ref["audio_token_id"] = proc.audio_token_id
    for c in cases:
        cc = {k: v for k, v in c.items() if k not in ("_inputs", "ref")}
        cc.update(c["ref"])
        ref["cases"].append(cc)
    (dst / "reference.json").write_text(json.dumps(ref, indent=1) + "\n")
    shutil.rmtree(tmp, ignore_errors=True)
    if keep_hf and sum(p.stat().st_size for p in hf_dir.glob("*.safetensors")) > HF_KEEP_LIMIT:
        print(f"{name}: checkpoint over {HF_KEEP_LIMIT} bytes, not kept in the repo (rebuild with this script)")
        shutil.rmtree(hf_dir)
    return ok, lines


def build_bench_model(out: Path):
    """Random-weight Qwen2.5-0.5B-shaped model (real sizes), exported to OUT/onnx and OUT/torchscript."""
    from transformers import Qwen2ForCausalLM
    torch.manual_seed(SEED)
    tok = build_tokenizer((HERE / "templates" / "qwen2_5.jinja").read_text())
    cfg = Qwen2Config(vocab_size=151936, hidden_size=896, intermediate_size=4864, num_hidden_layers=24,
                      num_attention_heads=14, num_key_value_heads=2, max_position_embeddings=32768, rope_theta=1e6,
                      rms_norm_eps=1e-6, tie_word_embeddings=True, bos_token_id=151643, eos_token_id=151645,
                      pad_token_id=151643, initializer_range=0.02)
    model = Qwen2ForCausalLM(cfg).eval()
    model.generation_config = GenerationConfig(bos_token_id=151643, eos_token_id=[151645, 151643], pad_token_id=151643)
    hf = out / "hf"
    model.save_pretrained(hf)
    # NOTE: the tiny BPE tokenizer is included only so loaders find a tokenizer.json; its ids do NOT match the real
    # Qwen vocabulary. Benchmarks should feed token ids directly.
    tok.save_pretrained(hf)
    del model
    for fmt in ("onnx", "torchscript"):
        em.export(hf, out / fmt, fmt, "fp32", do_verify=True)
    print(f"bench model written to {out}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(REPO / "testdata" / "models"))
    ap.add_argument("--only", default=None, help="comma-separated fixture names")
    ap.add_argument("--keep-hf", action="store_true", help="also keep the safetensors checkpoint in NAME/hf")
    ap.add_argument("--bench-model", default=None, help="build the random Qwen2.5-0.5B-shaped benchmark model here")
    a = ap.parse_args()
    if a.bench_model:
        build_bench_model(Path(a.bench_model))
        return
    names = a.only.split(",") if a.only else list(FIXTURES)
    if "mf-tiny" in names and not have_musicflamingo():
        print("transformers has no MusicFlamingo: skipping mf-tiny")
        names.remove("mf-tiny")
    all_ok, summary = True, []
    for n in names:
        ok, lines = build_fixture(n, Path(a.out), a.keep_hf)
        all_ok &= ok
        summary += lines
    print("\n==== export verification summary ====")
    print("\n".join(summary))
    print("ALL OK" if all_ok else "SOME CHECKS FAILED")
    sys.exit(0 if all_ok else 1)


if __name__ == "__main__":
    main()
