#!/usr/bin/env bash
# make best: the README's recipe (docs/15-momentum.md to docs/20-early-stopping.md) with a plain
# fully connected network (no convolution, no augmentation, no ensemble), run with SEEDS seeds
# (1, 2, ...). Its settings were chosen on a validation split of 10000 training images (README, "The
# recipe"); with them fixed, each run trains on all 60000. Prints every run,
# then the test accuracy's mean and sd over the seeds, and last `final test accuracy X %` (the mean).
# Usage: scripts/best.sh [SEEDS] [MNIST_BINARY]   (defaults: 3, ./mnist)
set -euo pipefail
cd "$(dirname "$0")/.."
seeds="${1:-3}"
mnist="${2:-./mnist}"
recipe=(--layers 784,800,800,10 --batch 128 --epochs 60 --optimizer momentum --momentum 0.9 --lr 0.05
        --dropout 0.3 --schedule cosine)
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
accuracies=()
for ((seed = 1; seed <= seeds; seed++)); do
  echo "== seed $seed: $mnist ${recipe[*]} --seed $seed"
  "$mnist" "${recipe[@]}" --seed "$seed" | tee "$log"
  accuracy="$(sed -n 's/.*final test accuracy \([0-9.]*\) %.*/\1/p' "$log" | tail -n 1)"
  [ -n "$accuracy" ] || { echo "best: no final test accuracy in the output of seed $seed" >&2; exit 1; }
  accuracies+=("$accuracy")
  echo
done
summary="$(printf '%s\n' "${accuracies[@]}" | awk '
  { x[NR] = $1; sum += $1 }
  END {
    mean = sum / NR; ss = 0
    for (i = 1; i <= NR; i++) ss += (x[i] - mean) ^ 2
    sd = NR > 1 ? sqrt(ss / (NR - 1)) : 0
    printf "%.2f %.2f", mean, sd
  }')"
read -r mean sd <<<"$summary"
echo "test accuracy of seeds 1-$seeds: ${accuracies[*]} (%); mean $mean %, sd $sd % (n - 1)"
echo "final test accuracy $mean %"
