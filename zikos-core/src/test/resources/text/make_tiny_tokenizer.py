"""Builds tiny_tokenizer.json (a Qwen2-style byte-level BPE with Qwen's added tokens) and the expected ids
the Java HfTokenizer test compares against. Run with the `tokenizers` package from the pip mirror:
    python make_tiny_tokenizer.py   (writes next to this file)
Not part of the build; the outputs are committed."""
import json
import os

from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers
from tokenizers import AddedToken

HERE = os.path.dirname(os.path.abspath(__file__))

# Qwen2's pre-tokenizer split pattern (from its tokenizer.json).
QWEN_PATTERN = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+"
                r"|\s+(?!\S)|\s+")

tok = Tokenizer(models.BPE())
tok.normalizer = normalizers.NFC()
tok.pre_tokenizer = pre_tokenizers.Sequence([
    pre_tokenizers.Split(Regex(QWEN_PATTERN), behavior="isolated", invert=False),
    pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
])
tok.decoder = decoders.ByteLevel()

corpus = [
    "You are a helpful assistant. The user plays guitar and piano.",
    "Tempo 120 bpm, key of A minor, chords Am F C G. The melody is in 4/4 time.",
    "Transcribe the input speech. Describe the music: genre, instruments, structure.",
    "naïve café déjà vu, Größe, 音楽 and ♪ notes 🎸 🎹",
    "{\"name\": \"estimate_tempo\", \"arguments\": {\"recording_id\": \"rec-1\"}}",
] * 20
trainer = trainers.BpeTrainer(vocab_size=400, initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
                              show_progress=False)
tok.train_from_iterator(corpus, trainer)

# Qwen's added tokens, in Qwen's order; <tool_call> and <think> are not "special" in Qwen (they survive
# skip_special_tokens), the chat markers and <sound> are.
added = [
    ("<|endoftext|>", True), ("<|im_start|>", True), ("<|im_end|>", True),
    ("<tool_call>", False), ("</tool_call>", False), ("<think>", False), ("</think>", False),
    ("<sound>", True), ("<|sound_bos|>", True), ("<|sound_eos|>", True),
]
for content, special in added:
    token = AddedToken(content, special=special, normalized=False, lstrip=False, rstrip=False, single_word=False)
    if special:
        tok.add_special_tokens([token])
    else:
        tok.add_tokens([token])

tok.save(os.path.join(HERE, "tiny_tokenizer.json"))

texts = [
    "Hello world",
    "<|im_start|>user\n<sound>Describe the music.<|im_end|>\n<|im_start|>assistant\n",
    "naïve café déjà vu — 音楽 ♪ 🎸",
    "<tool_call>\n{\"name\": \"estimate_tempo\", \"arguments\": {}}\n</tool_call><|im_end|>",
    "<think>\n\n</think>\n\nTempo 120 bpm.",
    "",
]
cases = []
for t in texts:
    enc = tok.encode(t, add_special_tokens=False)
    cases.append({"text": t, "ids": enc.ids, "decoded": tok.decode(enc.ids, skip_special_tokens=False)})
expected = {
    "vocab_size": tok.get_vocab_size(with_added_tokens=True),
    "token_ids": {c: tok.token_to_id(c) for c, _ in added},
    "cases": cases,
}
with open(os.path.join(HERE, "tiny_tokenizer.expected.json"), "w", encoding="utf-8") as f:
    json.dump(expected, f, ensure_ascii=False, indent=1)
print(json.dumps(expected, ensure_ascii=False)[:2000])
