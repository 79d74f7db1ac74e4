#!/usr/bin/env bash
# Writes the comparison graphs of `headstream bench` (encoder.onnx, head_answer/summary/explanation.onnx)
# for a trained checkpoint, at the same precision as the bundle (int8 by default, as models/default),
# plus a copy of the bundle they match under $OUT/bundle. Generated files are never committed.
#   streams-app/src/bench/make_variants.sh [checkpoint] [out] [int8|fp32]
# Run from the repository root; needs Debian's /usr/bin/python3 (torch, onnx) and training/.
set -euo pipefail
CKPT=${1:-training/runs/default/final.pt}
OUT=${2:-target/bench-variants}
PRECISION=${3:-int8}
PY=/usr/bin/python3
$PY training/export.py --checkpoint "$CKPT" --out "$OUT/bundle" --precision "$PRECISION" --no-check --variants "$OUT"
if [ "$PRECISION" = int8 ]; then
  # export.py writes the variants in fp32; quantize them exactly as it quantizes the bundle.
  $PY - "$OUT" <<'EOF'
import os, sys
sys.path.insert(0, "training")
import onnx
from headstream_train import quantize
out = sys.argv[1]
for name in ("encoder.onnx", "head_answer.onnx", "head_summary.onnx", "head_explanation.onnx"):
    path = os.path.join(out, name)
    q, n = quantize.quantize_model(onnx.load(path))
    onnx.save(q, path)
    print(f"{path}: {n} MatMuls quantized", flush=True)
EOF
fi
