#!/usr/bin/env bash
# Reproduces models/default end to end: fetch the base model, prepare data + train in three
# stages (each one process), export and calibrate the stage-2 bundle, train stage 3 from that
# bundle, export the int8 bundle. Run from anywhere; takes ~5.5 h on a 2-core CPU.
#   training/reproduce.sh            # CPU, as the committed bundle was made
#   DEVICE=cuda training/reproduce.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3
RUN=${RUN:-training/runs/default}          # stage 1
RUN2=${RUN2:-training/runs/continue}       # stage 2
RUN3=${RUN3:-training/runs/stage3}         # stage 3 (the shipped weights)
DEVICE=${DEVICE:-cpu}
MAX_MINUTES=${MAX_MINUTES:-110}

$PY training/fetch_base_model.py
# One epoch of the prepared set (30,000 SQuAD answer questions, 2,500 SQuAD explanation
# questions, all 1,991 SciTLDR-A train abstracts, the DROP/TAT-QA train halves), capped at the
# 2,157 steps the committed run reached in its time box (two legs, see MODEL_CARD.md; this is the
# one-leg equivalent). bf16 autocast: 2.3x the fp32 speed on a CPU with AVX512-BF16.
$PY training/train.py --out "$RUN" --device "$DEVICE" --threads 2 --autocast bf16 \
    --freeze-layers 2 --squad-answer 30000 --squad-explanation 2500 --summary-docs 1991 \
    --epochs 1 --max-steps 2157 --max-minutes "$MAX_MINUTES" --fit-to-time
# Stage 2 continues from stage 1's weights (new optimizer, lower peak LR) on SQuAD questions
# stage 1 did not see (--squad-offset 32500 = 30,000 + 2,500), 5,000 unanswerable pairs
# (--squad-negatives), and the query-free QMSum/SQuALITY train summaries (--long-summaries),
# capped at the 2493 steps the committed run reached (see MODEL_CARD.md).
$PY training/train.py --out "$RUN2" --init-from "$RUN/final.pt" --device "$DEVICE" --threads 2 \
    --autocast bf16 --freeze-layers 2 --squad-offset 32500 --squad-answer 30000 \
    --squad-explanation 2500 --summary-docs 1991 --long-summaries --squad-negatives 5000 \
    --lr 5e-5 --warmup 0.03 --epochs 1 --max-steps 2493 --max-minutes "$MAX_MINUTES" --fit-to-time
BUNDLE2=${BUNDLE2:-training/runs/bundle-1.2.0}   # what shipped as models/default 1.2.0
$PY training/export.py --checkpoint "$RUN2/final.pt" --out "$BUNDLE2" --precision int8 \
    --int8-keep-fp32 none --run-dir "$RUN2" --version 1.2.0 --no-decode
# Decode thresholds for this checkpoint, on data no evaluation uses (EVALUATION.md section 9).
$PY training/calibrate.py --checkpoint "$RUN2/final.pt" --bundle "$BUNDLE2" --write
# Stage 3 starts from the 1.2.0 BUNDLE (int8, as shipped: --init-from-bundle), as it did on a
# fresh clone: the last 22,599 SQuAD questions (finishing the first pass over SQuAD train),
# 4,000 multi-paragraph contexts with the loss normalized across a question's windows
# (--squad-long, --shared-norm), 3,000 unanswerable pairs; capped at the 1575 steps the committed
# run reached (--fit-to-time cut its schedule; see MODEL_CARD.md).
$PY training/train.py --out "$RUN3" --init-from-bundle "$BUNDLE2" --device "$DEVICE" --threads 2 \
    --autocast bf16 --freeze-layers 2 --squad-offset 65000 --squad-answer 22599 \
    --squad-explanation 2500 --summary-docs 1991 --long-summaries --squad-negatives 3000 \
    --squad-long 4000 --shared-norm --lr 5e-5 --warmup 0.03 --epochs 1 --max-steps 1575 \
    --max-minutes "$MAX_MINUTES"
cp "$BUNDLE2/MODEL_CARD.md" "$BUNDLE2/manifest.json" models/default/ 2>/dev/null || true
$PY training/export.py --checkpoint "$RUN3/final.pt" --out models/default --precision int8 \
    --int8-keep-fp32 none --run-dir "$RUN3" --version 1.3.0 --decode-from "$BUNDLE2/manifest.json"
