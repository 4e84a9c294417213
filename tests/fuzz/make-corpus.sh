#!/usr/bin/env bash
# Writes the seed corpora of the fuzz harnesses: tiny hand-made IDX files, valid and broken, in
# tests/fuzz/corpus_<harness>/ (committed; re-run this only to change them). No MNIST data.
# Byte layout of IDX: docs/11-idx-format.md. Each file is written with printf escapes.
set -euo pipefail
cd "$(dirname "$0")"

put() {  # put DIR NAME PRINTF-TEXT: writes the bytes of the printf text to DIR/NAME
  mkdir -p "$1"
  printf "$3" > "$1/$2"
}
u32() { printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(( ($1 >> 24) & 255 )) $(( ($1 >> 16) & 255 )) $(( ($1 >> 8) & 255 )) $(( $1 & 255 )); }

d=corpus_idx
rm -rf "$d"
# Valid files, one per type code, ranks 1 to 4.
put $d ubyte-rank1     "\x00\x00\x08\x01$(u32 3)\x01\x02\xff"
put $d ubyte-rank3     "\x00\x00\x08\x03$(u32 2)$(u32 2)$(u32 2)\x00\x10\x20\x30\x40\x50\x60\xff"
put $d byte-rank2      "\x00\x00\x09\x02$(u32 2)$(u32 2)\x80\xff\x00\x7f"
put $d int16-rank1     "\x00\x00\x0b\x01$(u32 2)\x80\x00\x7f\xff"
put $d int32-rank4     "\x00\x00\x0c\x04$(u32 1)$(u32 1)$(u32 1)$(u32 2)\x80\x00\x00\x00\x7f\xff\xff\xff"
put $d float32-special "\x00\x00\x0d\x01$(u32 4)\x7f\xc0\x00\x00\x7f\x80\x00\x00\xff\x80\x00\x00\x00\x00\x00\x01"
put $d float64-rank1   "\x00\x00\x0e\x01$(u32 2)\x3f\xf8\x00\x00\x00\x00\x00\x00\x7f\xf8\x00\x00\x00\x00\x00\x01"
put $d zero-dim        "\x00\x00\x0c\x03\xff\xff\xff\xff$(u32 0)\xff\xff\xff\xff"
put $d mnist-labels    "\x00\x00\x08\x01$(u32 10)\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09"
# Broken files, one per check of docs/11-idx-format.md.
put $d empty           ""
put $d short-magic     "\x00\x00\x08"
put $d bad-magic       "\x12\x34\x08\x01$(u32 1)\x00"
put $d bad-type        "\x00\x00\x0a\x01$(u32 1)\x00"
put $d rank0           "\x00\x00\x08\x00"
put $d short-dims      "\x00\x00\x08\x03$(u32 2)\x00\x00"
put $d truncated       "\x00\x00\x08\x01$(u32 10)\x01\x02\x03"
put $d trailing        "\x00\x00\x08\x01$(u32 1)\x01\x02\x03"
put $d overflow        "\x00\x00\x08\x03\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01\x02\x03\x04"
put $d huge-claim      "\x00\x00\x08\x03$(u32 2000000000)$(u32 28)$(u32 28)\x00\x00\x00\x00"
put $d gzip            "\x1f\x8b\x08\x08\x00\x00\x00\x00"
put $d html            "\r\n<!DOCTYPE html><html>404</html>\n"

d=corpus_mnist_pair
rm -rf "$d"
# Each input: a 4-byte big-endian length n, the images file (n bytes), then the labels file.
images2="\x00\x00\x08\x03$(u32 2)$(u32 2)$(u32 2)\x00\xff\x10\x20\x30\x40\x50\x60"  # 24 bytes
labels2="\x00\x00\x08\x01$(u32 2)\x07\x09"                                          # 10 bytes
put $d valid           "$(u32 24)$images2$labels2"
put $d label-10        "$(u32 24)$images2\x00\x00\x08\x01$(u32 2)\x07\x0a"
put $d count-mismatch  "$(u32 24)$images2\x00\x00\x08\x01$(u32 3)\x07\x09\x01"
put $d labels-int32    "$(u32 24)$images2\x00\x00\x0c\x01$(u32 2)\x00\x00\x00\x07\x00\x00\x00\x09"
put $d images-rank1    "$(u32 9)\x00\x00\x08\x01$(u32 1)\x05$labels2"
put $d zero-images     "$(u32 16)\x00\x00\x08\x03$(u32 0)$(u32 2)$(u32 2)\x00\x00\x08\x01$(u32 0)"
put $d zero-pixels     "$(u32 16)\x00\x00\x08\x03$(u32 2)$(u32 0)$(u32 2)$labels2"
put $d swapped         "$(u32 10)$labels2$images2"
put $d short-length    "\x00\x00"
echo "wrote $(ls corpus_idx | wc -l) files in corpus_idx, $(ls corpus_mnist_pair | wc -l) in corpus_mnist_pair"
