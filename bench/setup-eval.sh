#!/usr/bin/env bash
# Installs the Debian packages the evaluation corpus and scorer need (see shared/eval/README.md), when missing.
set -euo pipefail
need=()
command -v fluidsynth >/dev/null || need+=(fluidsynth)
[[ -f /usr/share/sounds/sf2/FluidR3_GM.sf2 ]] || need+=(fluid-soundfont-gm)
command -v sox >/dev/null || need+=(sox libsox-fmt-all)
command -v ffmpeg >/dev/null || need+=(ffmpeg)
command -v aubioonset >/dev/null || need+=(aubio-tools)
/usr/bin/python3 -c "import mido, numpy, soundfile, mir_eval, scipy" 2>/dev/null \
  || need+=(python3-mido python3-numpy python3-soundfile python3-mir-eval python3-scipy)
if (( ${#need[@]} )); then
  SUDO=""; [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
