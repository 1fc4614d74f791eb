#!/usr/bin/env bash
# Creates tools/export/.venv with the export/fixture tooling (torch CPU, transformers, onnx, onnxruntime, ...).
# Uses whatever pip is configured with (here: a local mirror; torch comes from /opt/wheels).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PY="${PYTHON:-python3}"
if [ ! -x "$HERE/.venv/bin/python" ]; then
  "$PY" -m venv "$HERE/.venv"
fi
"$HERE/.venv/bin/python" -m pip install --upgrade pip >/dev/null 2>&1 || true
"$HERE/.venv/bin/python" -m pip install -r "$HERE/requirements.txt"
"$HERE/.venv/bin/python" - <<'PY'
import torch, transformers, tokenizers, onnx, onnxruntime, numpy
print("torch", torch.__version__, "transformers", transformers.__version__, "tokenizers", tokenizers.__version__,
      "onnx", onnx.__version__, "onnxruntime", onnxruntime.__version__, "numpy", numpy.__version__)
PY
