#!/usr/bin/env bash
# Trains the next stage of models/default on a fresh clone: starts from the SHIPPED bundle
# (train.py --init-from-bundle; no training/runs folder needed), then exports a candidate bundle
# next to the run for evaluation. Nothing in models/ changes until you copy the candidate there.
#   training/stage.sh                                  # 2-core CPU, time-boxed
#   DEVICE=cuda BATCH=64 MINUTES=0 training/stage.sh   # a GPU: whole schedule, larger batches
# Environment: OUT (run folder), VERSION (candidate's version), DEVICE, BATCH, THREADS, MINUTES
# (time box; 0 = none), and the data mix: SQUAD_OFFSET, SQUAD_ANSWER, SQUAD_LONG, NEGATIVES.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3
OUT=${OUT:-training/runs/next-stage}
VERSION=${VERSION:-next}
DEVICE=${DEVICE:-cpu}
BATCH=${BATCH:-16}
THREADS=${THREADS:-2}
MINUTES=${MINUTES:-110}
# Default mix: a whole pass over SQuAD v1.1 train, multi-paragraph contexts with the loss
# normalized across windows, unanswerable pairs, the summary and explanation data as before.
SQUAD_OFFSET=${SQUAD_OFFSET:-0}
SQUAD_ANSWER=${SQUAD_ANSWER:-87599}
SQUAD_LONG=${SQUAD_LONG:-8000}
NEGATIVES=${NEGATIVES:-5000}

$PY training/fetch_base_model.py
TIME_ARGS=()
if [ "$MINUTES" != "0" ]; then
  TIME_ARGS=(--max-minutes "$MINUTES" --fit-to-time)
fi
$PY training/train.py --out "$OUT" --init-from-bundle models/default --device "$DEVICE" \
    --threads "$THREADS" --batch-size "$BATCH" --autocast bf16 --freeze-layers 2 \
    --squad-offset "$SQUAD_OFFSET" --squad-answer "$SQUAD_ANSWER" --squad-explanation 2500 \
    --summary-docs 1991 --long-summaries --squad-negatives "$NEGATIVES" --squad-long "$SQUAD_LONG" \
    --shared-norm --lr 5e-5 --warmup 0.03 --epochs 1 "${TIME_ARGS[@]}"
$PY training/export.py --checkpoint "$OUT/final.pt" --out "$OUT/bundle" --precision int8 \
    --int8-keep-fp32 none --run-dir "$OUT" --version "$VERSION" \
    --decode-from models/default/manifest.json
echo "candidate bundle: $OUT/bundle (evaluate it: training/evaluate_bundle.py --bundle $OUT/bundle ...)"
