#!/usr/bin/env bash
# make best: the README's recipe (docs/15-momentum.md to docs/20-early-stopping.md) with a plain
# fully connected network; hyperparameters were chosen on the validation split, the test set is
# evaluated once at the end. Prints `final test accuracy X %` as its last line.
# Usage: scripts/best.sh [SEED] [MNIST_BINARY]   (defaults: 1, ./mnist)
set -euo pipefail
cd "$(dirname "$0")/.."
seed="${1:-1}"
mnist="${2:-./mnist}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
"$mnist" --layers 784,800,800,10 --batch 128 --epochs 20 --optimizer momentum --momentum 0.9 --lr 0.05 \
         --dropout 0.2 --schedule cosine --validation 10000 --seed "$seed" | tee "$log"
accuracy="$(sed -n 's/.*final test accuracy \([0-9.]*\) %.*/\1/p' "$log" | tail -n 1)"
[ -n "$accuracy" ] || { echo "best: no final test accuracy in the output" >&2; exit 1; }
echo "final test accuracy $accuracy %"
