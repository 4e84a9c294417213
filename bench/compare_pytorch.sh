#!/usr/bin/env bash
# make compare-pytorch: ./mnist and bench/pytorch_mlp.py on the same data and hyperparameters
# (784-N-10 ReLU, batch 128, lr 0.1, as source 02), one table in source 02's shape.
# Usage: bench/compare_pytorch.sh [EPOCHS] [MNIST_BINARY]   (defaults: 20, ./mnist)
set -euo pipefail
cd "$(dirname "$0")/.."
epochs="${1:-20}"
mnist="${2:-./mnist}"
python="${PYTHON:-/usr/bin/python3}"
if ! "$python" -c 'import torch, numpy' 2>/dev/null; then
  echo "compare-pytorch: $python cannot import torch and numpy; apt-get install python3-torch python3-numpy" >&2
  exit 1
fi
csv="$(mktemp)"
trap 'rm -f "$csv"' EXIT

printf '784-N-10 ReLU, batch 128, lr 0.1, epochs: %s, 2 threads each; time = training only (evaluation excluded)\n\n' "$epochs"
printf '| hidden | implementation | Time (s) | Test accuracy | Test loss | Train accuracy | Train loss |\n'
printf '|---:|---|---:|---:|---:|---:|---:|\n'
for hidden in 30 128 256 300; do
  "$mnist" --hidden "$hidden" --batch 128 --lr 0.1 --epochs "$epochs" --threads 2 --csv "$csv" >/dev/null
  # epoch,seconds,train_loss,train_accuracy,test_loss,test_accuracy: sum the seconds, keep the last row
  awk -F, -v h="$hidden" 'NR > 1 { s += $2; last = $0 } END {
        split(last, f, ","); printf "| %s | ours (C++) | %.2f | %.4f | %.4f | %.4f | %.4f |\n", h, s, f[6], f[5], f[4], f[3] }' "$csv"
  "$python" bench/pytorch_mlp.py --hidden "$hidden" --batch 128 --lr 0.1 --epochs "$epochs" --threads 2 |
    awk -F, '{ printf "| %s | PyTorch %s | %.2f | %.4f | %.4f | %.4f | %.4f |\n", $1, "'"$("$python" -c 'import torch; print(torch.__version__)')"'", $2, $3, $4, $5, $6 }'
done
