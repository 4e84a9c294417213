#!/usr/bin/env bash
# Writes the seed corpora of the fuzz harnesses: tiny hand-made IDX, model and PGM files, valid and
# broken, in tests/fuzz/corpus_<harness>/ (committed; re-run this only to change them). No MNIST data.
# Byte layouts: docs/11-idx-format.md (IDX), docs/model-format.md (models, PGM). Each file is
# written with printf escapes; a model's CRC-32 is the one gzip stores in its trailer.
set -euo pipefail
cd "$(dirname "$0")"

put() {  # put DIR NAME PRINTF-TEXT: writes the bytes of the printf text to DIR/NAME
  mkdir -p "$1"
  printf -- "$3" > "$1/$2"
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
d=corpus_model_file
rm -rf "$d"
# Little-endian fields: magic MNISTMLP, version 1 (or 2, below), activation (0 relu, 1 sigmoid), loss (0 xent, 1 mse),
# the number of layer sizes, the sizes, W then b of each layer as float32, then the CRC-32 of all that.
l32() { printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(( $1 & 255 )) $(( ($1 >> 8) & 255 )) $(( ($1 >> 16) & 255 )) $(( ($1 >> 24) & 255 )); }
crc() { printf "$1" | gzip -c | tail -c 8 | head -c 4 | od -A n -t x1 | tr -d ' \n' | sed 's/\(..\)/\\x\1/g'; }
model() { printf '%s%s' "$1" "$(crc "$1")"; }  # the body, then its CRC-32
one="\x00\x00\x80\x3f" half="\x00\x00\x00\x3f" nan="\x00\x00\xc0\x7f"
head2="MNISTMLP$(l32 1)$(l32 0)$(l32 0)$(l32 2)$(l32 2)$(l32 1)"                 # relu, xent, 2 -> 1
body2="$head2$one$half$one"                                                       # W 2x1, b 1
body3="MNISTMLP$(l32 1)$(l32 1)$(l32 1)$(l32 3)$(l32 1)$(l32 2)$(l32 1)$one$half$one$one$half$half$one"  # 1 -> 2 -> 1
put $d valid-2-1       "$(model "$body2")"
put $d valid-1-2-1     "$(model "$body3")"
put $d nan-weights     "$(model "$head2$nan$half$one")"
put $d empty           ""
put $d short-header    "MNISTMLP$(l32 1)"
put $d bad-magic       "$(model "MNISTMLQ${body2#MNISTMLP}")"
put $d version-3       "$(model "MNISTMLP$(l32 3)${body2:24}")"
# Version 2: the network, then the optimiser's method (1 momentum, 2 nesterov, 3 adam), its step
# count t (low, high 32 bits), v of every W and b, and for adam s of every W and b.
put $d momentum-2-1    "$(model "MNISTMLP$(l32 2)${body2:24}$(l32 1)$(l32 3)$(l32 0)$half$one$half")"
put $d adam-2-1        "$(model "MNISTMLP$(l32 2)${body2:24}$(l32 3)$(l32 2)$(l32 0)$half$one$half$one$one$half")"
put $d optimizer-4     "$(model "MNISTMLP$(l32 2)${body2:24}$(l32 4)$(l32 1)$(l32 0)$half$one$half")"
put $d version-2-no-state "$(model "MNISTMLP$(l32 2)${body2:24}")"
put $d activation-7    "$(model "MNISTMLP$(l32 1)$(l32 7)${body2:40}")"
put $d loss-9          "$(model "MNISTMLP$(l32 1)$(l32 0)$(l32 9)${body2:56}")"
put $d one-size        "$(model "MNISTMLP$(l32 1)$(l32 0)$(l32 0)$(l32 1)$(l32 2)")"
put $d 65-sizes        "MNISTMLP$(l32 1)$(l32 0)$(l32 0)$(l32 65)"
put $d size-0          "$(model "MNISTMLP$(l32 1)$(l32 0)$(l32 0)$(l32 2)$(l32 0)$(l32 1)")"
put $d size-too-big    "MNISTMLP$(l32 1)$(l32 0)$(l32 0)$(l32 2)$(l32 1048577)$(l32 1)"
put $d short-sizes     "MNISTMLP$(l32 1)$(l32 0)$(l32 0)$(l32 3)$(l32 2)"
put $d truncated       "$head2$one$half"
put $d extra-bytes     "$(model "$body2")\x00"
put $d bad-crc         "$body2\x00\x00\x00\x00"
huge="MNISTMLP$(l32 1)$(l32 0)$(l32 0)$(l32 64)"
for _ in $(seq 64); do huge="$huge$(l32 1048576)"; done
put $d huge-claim      "$huge$(l32 0)"                                            # 2.8e14 bytes claimed

d=corpus_pgm
rm -rf "$d"
# P2: text samples; P5: binary samples (2 bytes, big-endian, when maxval > 255); '#' comments.
put $d p2-valid        "P2\n# a comment\n3 2\n255\n0 1 2\n253 254 255\n"
put $d p2-maxval-15    "P2 2 1 15 5 15"
put $d p5-valid        "P5 #c\n2 2\n255\n\x00\x0a\x20\xff"
put $d p5-16bit        "P5\n2 1\n65535\n\xff\xff\x80\x00"
put $d p5-1x1          "P5 1 1 1\n\x01"
put $d empty           ""
put $d p6              "P6\n1 1\n255\nabc"
put $d no-width        "P2\n"
put $d letter-width    "P2\nx 2"
put $d zero-width      "P2 0 2 255"
put $d maxval-0        "P2 2 2 0"
put $d maxval-70000    "P2 2 2 70000"
put $d p2-above-maxval "P2 2 1 15 5 16"
put $d p2-truncated    "P2 2 1 15 5"
put $d p2-extra        "P2 1 1 15 5 6"
put $d p5-truncated    "P5 2 2 255\nabc"
put $d p5-extra        "P5 1 1 255\nab"
put $d p5-above-maxval "P5 2 1 15\n\x05\x10"
put $d p5-no-space     "P5 1 1 255"
put $d p5-huge-claim   "P5\n65535 65535\n255\n\x00\x00\x00\x00"
put $d p2-huge-claim   "P2\n65535 65535\n255\n0 1 2\n"
put $d long-number     "P2 99999999999999999999 1 255 0"
for d in corpus_*; do echo "wrote $(ls "$d" | wc -l) files in $d"; done

d=corpus_options
rm -rf "$d"
# Argument vectors, the arguments separated by NUL bytes; the first may name a sub-command.
put $d train-default    ""
put $d train-valid      "--epochs\x003\x00--hidden\x0016\x00--batch=1\x00--lr\x000.01"
put $d train-layers     "--layers\x00784,128,64,10\x00--activation\x00sigmoid\x00--loss\x00mse\x00--init\x00he"
put $d train-help       "--help"
put $d train-bad-layers "--layers\x00784,0,10"
put $d train-nan        "--lr\x00nan"
put $d train-tiny-lr    "--lr=1e-400"
put $d train-huge-seed  "--seed=18446744073709551616"
put $d train-huge-count "--hidden\x0099999999999999999999"
put $d train-no-value   "--csv\x00--epochs\x003"
put $d train-end        "--epochs"
put $d train-unknown    "--bogus\x00stray"
put $d train-both       "--hidden\x008\x00--layers\x002,2"
put $d train-outputs    "--save\x00n.model\x00--csv\x00r.csv\x00--eval-every\x00100\x00--plots\x00p\x00--load\x00m"
put $d compare-valid    "compare\x00--batches\x001,64\x00--lrs\x000.1,0.01\x00--activations\x00relu,sigmoid"
put $d compare-refused  "compare\x00--batch\x004"
put $d compare-lists    "compare\x00--batches\x001,\x00--lrs\x00,"
put $d sweep-valid      "sweep\x00--hidden\x0030,128\x00--no-plots\x00--out\x00o"
put $d sweep-empty      "sweep\x00--hidden\x0030,,40"
put $d sweep-help       "sweep\x00-h"
put $d evaluate-valid   "evaluate\x00--load\x00x.model\x00--plots=dir\x00--test-limit\x0010"
put $d predict-valid    "predict\x00--load\x00m\x00img.pgm\x00--invert"
put $d predict-flag     "predict\x00--invert=1\x00-"
