#!/usr/bin/env bash
# make compare-pytorch: ./mnist beside PyTorch and numpy on the same data and hyperparameters
# (784-N-10 ReLU, batch 128, lr 0.1, as source 02), one table in source 02's shape.
# Usage: bench/compare_pytorch.sh [EPOCHS] [MNIST_BINARY]   (defaults: 20, ./mnist)
# HIDDEN="30 128 256 300" picks the hidden sizes. Each Python run is made three ways:
#   - PyTorch as Debian installs it: 2 intra-op threads, the BLAS the system links (reference BLAS
#     unless an optimised one was made the default);
#   - PyTorch tuned as a careful user runs it on 2 cores: 1 intra-op thread, OpenBLAS (its kernel
#     for this CPU, picked at run time) on both cores: LD_LIBRARY_PATH to Debian's libopenblas0-pthread;
#   - numpy float32 with the same OpenBLAS on both cores (bench/numpy_mlp.py).
# The tuned rows need `apt-get install libopenblas0-pthread`; without it they are skipped with a note.
set -euo pipefail
cd "$(dirname "$0")/.."
epochs="${1:-20}"
mnist="${2:-./mnist}"
python="${PYTHON:-/usr/bin/python3}"
hidden_sizes="${HIDDEN:-30 128 256 300}"
openblas="${OPENBLAS_DIR:-/usr/lib/x86_64-linux-gnu/openblas-pthread}"
if ! "$python" -c 'import torch, numpy' 2>/dev/null; then
  echo "compare-pytorch: $python cannot import torch and numpy; apt-get install python3-torch python3-numpy" >&2
  exit 1
fi
csv="$(mktemp)"
trap 'rm -f "$csv"' EXIT
torch_version="$("$python" -c 'import torch; print(torch.__version__)')"
numpy_version="$("$python" -c 'import numpy; print(numpy.__version__)')"
tuned=1
[ -f "$openblas/libblas.so.3" ] || tuned=0

printf '784-N-10 ReLU, batch 128, lr 0.1, epochs: %s; time = training only (evaluation excluded)\n\n' "$epochs"
printf '| hidden | implementation | Time (s) | Test accuracy | Test loss | Train accuracy | Train loss |\n'
printf '|---:|---|---:|---:|---:|---:|---:|\n'
row() {  # label, then the CSV line hidden,seconds,test_acc,test_loss,train_acc,train_loss on stdin
  awk -F, -v label="$1" '{ printf "| %s | %s | %.2f | %.4f | %.4f | %.4f | %.4f |\n", $1, label, $2, $3, $4, $5, $6 }'
}
for hidden in $hidden_sizes; do
  "$mnist" --hidden "$hidden" --batch 128 --lr 0.1 --epochs "$epochs" --threads 2 --csv "$csv" >/dev/null
  # epoch,seconds,train_loss,train_accuracy,test_loss,test_accuracy: sum the seconds, keep the last row
  awk -F, -v h="$hidden" 'NR > 1 { s += $2; last = $0 } END {
        split(last, f, ","); printf "| %s | ours (C++), 2 threads | %.2f | %.4f | %.4f | %.4f | %.4f |\n", h, s, f[6], f[5], f[4], f[3] }' "$csv"
  "$python" bench/pytorch_mlp.py --hidden "$hidden" --batch 128 --lr 0.1 --epochs "$epochs" --threads 2 |
    row "PyTorch $torch_version as installed (2 threads, system BLAS)"
  if [ "$tuned" = 1 ]; then
    LD_LIBRARY_PATH="$openblas" OPENBLAS_NUM_THREADS=2 \
      "$python" bench/pytorch_mlp.py --hidden "$hidden" --batch 128 --lr 0.1 --epochs "$epochs" --threads 1 |
      row "PyTorch $torch_version tuned (1 thread, OpenBLAS on 2)"
    (cd bench && LD_LIBRARY_PATH="$openblas" OPENBLAS_NUM_THREADS=2 \
      "$python" numpy_mlp.py --data ../data --hidden "$hidden" --batch 128 --lr 0.1 --epochs "$epochs") |
      row "numpy $numpy_version float32 (OpenBLAS on 2)"
  fi
done
[ "$tuned" = 1 ] || echo "(tuned PyTorch and numpy rows skipped: no OpenBLAS in $openblas; apt-get install libopenblas0-pthread)"
