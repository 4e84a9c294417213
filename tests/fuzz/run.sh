#!/usr/bin/env bash
# Fuzzes every harness built by `make fuzz` (build/fuzz/fuzz_<name>) for a bounded time and fails on
# any finding: a crash, a sanitizer report, a leak, a hang (-timeout), memory beyond -rss_limit_mb, or
# one allocation beyond -malloc_limit_mb (the parsers must never allocate much more than their input).
#   tests/fuzz/run.sh [NAME...]     default: every harness in build/fuzz
#   FUZZ_SECONDS (60 per harness), FUZZ_MAX_LEN (8192 bytes), FUZZ_RSS_MB (2048), FUZZ_MALLOC_MB (64)
# Seeds come from tests/fuzz/corpus_<name>/ and tests/fuzz/regressions/<name>/ (read only; new
# inputs go to build/fuzz/work/<name>/). A crashing input is copied to tests/fuzz/regressions/<name>/
# and printed as hex, so it can be recovered from a CI log: commit it with the fix.
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds="${FUZZ_SECONDS:-60}"
max_len="${FUZZ_MAX_LEN:-8192}"
rss_mb="${FUZZ_RSS_MB:-2048}"
malloc_mb="${FUZZ_MALLOC_MB:-64}"
build=build/fuzz

names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for bin in "$build"/fuzz_*; do [ -x "$bin" ] && names+=("${bin#"$build"/fuzz_}"); done
fi
if [ ${#names[@]} -eq 0 ]; then
  echo "fuzz: no harness in $build; run 'make fuzz' first" >&2
  exit 1
fi

failed=()
for name in "${names[@]}"; do
  bin="$build/fuzz_$name"
  [ -x "$bin" ] || { echo "fuzz: $bin not built; run 'make fuzz'" >&2; exit 1; }
  work="$build/work/$name" artifacts="$build/artifacts/$name"
  rm -rf "$artifacts"
  mkdir -p "$work" "$artifacts"
  seeds=(tests/fuzz/corpus_"$name")
  [ -d "tests/fuzz/regressions/$name" ] && seeds+=("tests/fuzz/regressions/$name")
  echo "fuzz: $name for ${seconds} s (max_len $max_len, rss ${rss_mb} MB, malloc ${malloc_mb} MB)"
  # The first directory receives the new inputs; the committed ones are only read.
  if "$bin" "$work" "${seeds[@]}" -max_total_time="$seconds" -max_len="$max_len" \
       -rss_limit_mb="$rss_mb" -malloc_limit_mb="$malloc_mb" -timeout=10 \
       -artifact_prefix="$artifacts/" -print_final_stats=1 >"$build/$name.log" 2>&1; then
    grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss_mb)' "$build/$name.log" | sed "s/^/fuzz: $name: /" || true
    echo "fuzz: $name: no finding"
  else
    failed+=("$name")
    tail -n 60 "$build/$name.log"
    mkdir -p "tests/fuzz/regressions/$name"
    for f in "$artifacts"/*; do
      [ -f "$f" ] || continue
      cp "$f" "tests/fuzz/regressions/$name/"
      echo "fuzz: $name: FINDING $(basename "$f") ($(wc -c <"$f") bytes), copied to tests/fuzz/regressions/$name/:"
      od -A d -t x1 "$f" | head -n 40
    done
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: findings in: ${failed[*]}; fix them and commit the inputs in tests/fuzz/regressions/" >&2
  exit 1
fi
echo "fuzz: ${#names[@]} harness(es), no finding"
