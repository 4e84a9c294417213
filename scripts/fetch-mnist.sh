#!/usr/bin/env bash
# Fills a directory with the four uncompressed MNIST IDX files; `make data` runs `scripts/fetch-mnist.sh data`.
# What the files hold and how they are read: docs/11-idx-format.md.
#
# `scripts/fetch-mnist.sh data/fashion fashion` (make data-fashion) does the same for Fashion-MNIST,
# which has the same four file names and sizes: the local source is then $FASHION_MNIST_MIRROR, by
# default /usr/share/datasets/fashion-mnist when Debian's dataset-fashion-mnist package is installed,
# and a file DATASET holding "fashion-mnist" marks the directory so that ./mnist uses the class names.
#
# Sources, in order:
#   1. $MNIST_MIRROR, a local directory holding the files (.gz or not, train-images-idx3-ubyte or
#      train-images.idx3-ubyte spelling). No network. Only the sizes are checked: local copies may be
#      rebuilt from other exports, so their .gz bytes need not match the published checksums.
#   2. Otherwise the .gz files are downloaded from public mirrors, in turn, and checked against the
#      published MD5 sums before they are decompressed.
# Each file is assembled in a temporary directory inside the target and renamed into place only
# when complete, so the target never holds a half-written file; a trap removes the temporary files.
set -euo pipefail

target=${1:-data}
set_name=${2:-mnist}
case $set_name in
mnist)
    mirror=${MNIST_MIRROR:-}
    title=MNIST
    urls=(
        https://ossci-datasets.s3.amazonaws.com/mnist   # PyTorch's copy
        https://storage.googleapis.com/cvdf-datasets/mnist  # TensorFlow's copy
    )
    # name, size in bytes once decompressed, MD5 of the published .gz
    files=(
        "train-images-idx3-ubyte 47040016 f68b3c2dcbeaaa9fbdd348bbdeb94873"
        "train-labels-idx1-ubyte 60008 d53e105ee54ea40749a09fcbcd1e9432"
        "t10k-images-idx3-ubyte 7840016 9fb629c4189551a2d022fa330f9573f3"
        "t10k-labels-idx1-ubyte 10008 ec29112dd5afa0611ce80d1b7f02629c"
    )
    offline_hint="put the four MNIST files (.gz or uncompressed) in a directory and run
  MNIST_MIRROR=DIR make data      (for example: MNIST_MIRROR=../shared/data/mnist make data)"
    ;;
fashion)
    debian=/usr/share/datasets/fashion-mnist  # Debian package dataset-fashion-mnist
    mirror=${FASHION_MNIST_MIRROR:-}
    [[ -z $mirror && -d $debian ]] && mirror=$debian
    title=Fashion-MNIST
    urls=(
        http://fashion-mnist.s3-website.eu-central-1.amazonaws.com  # Zalando's own copy
        https://github.com/zalandoresearch/fashion-mnist/raw/master/data/fashion
    )
    # Same names and sizes as MNIST; MD5 sums of the .gz files as published in Zalando's README.
    files=(
        "train-images-idx3-ubyte 47040016 8d4fb7e6c68d591d4c3dfef9ec88bf0d"
        "train-labels-idx1-ubyte 60008 25c81989df183df01b3e8a0aad5dffbe"
        "t10k-images-idx3-ubyte 7840016 bef4ecab320f06d8554ea6380940ec79"
        "t10k-labels-idx1-ubyte 10008 bb300cfdad3c16e7a12a480ee83cd310"
    )
    offline_hint="install Debian's dataset-fashion-mnist package (apt-get install dataset-fashion-mnist), or put
  the four Fashion-MNIST files in a directory and run FASHION_MNIST_MIRROR=DIR make data-fashion"
    ;;
*)
    echo "fetch-mnist: error: expected a data set name mnist or fashion, found '$set_name'" >&2
    exit 2
    ;;
esac

die() {
    echo "fetch-mnist: error: $*" >&2
    exit 1
}
size_of() { wc -c <"$1" | tr -d ' '; }
is_complete() { [[ -f $1 && $(size_of "$1") == "$2" ]]; }  # exists with exactly this many bytes

# 0. Nothing to do when all four files are there with the right sizes.
todo=()
for entry in "${files[@]}"; do
    read -r name size _ <<<"$entry"
    is_complete "$target/$name" "$size" || todo+=("$entry")
done
mark() { [[ $set_name == mnist ]] || echo fashion-mnist >"$target/DATASET"; }  # read by src/data/classes.cpp
if ((${#todo[@]} == 0)); then
    mark
    echo "$target: $title already complete (4 files)"
    exit 0
fi

# Prints the path of the first of NAME, its dotted spelling, or their .gz found in the mirror.
find_in_mirror() {
    local name=$1 dotted=${1/-idx/.idx}  # train-images-idx3-ubyte -> train-images.idx3-ubyte
    local f
    for f in "$name" "$dotted" "$name.gz" "$dotted.gz"; do
        if [[ -f $mirror/$f ]]; then
            echo "$mirror/$f"
            return 0
        fi
    done
    return 1
}

# Check the mirror holds every file we need before writing anything.
if [[ -n $mirror ]]; then
    [[ -d $mirror ]] || die "$mirror: expected a directory holding the $title files, found none"
    lacking=""
    for entry in "${todo[@]}"; do
        read -r name _ _ <<<"$entry"
        find_in_mirror "$name" >/dev/null || lacking+=" $name"
    done
    [[ -z $lacking ]] || die "$mirror: expected the four $title files, missing:$lacking
  (tried each as NAME, its dotted spelling such as train-images.idx3-ubyte, and both with .gz)"
else
    if command -v curl >/dev/null; then
        download() { curl -fsSL --connect-timeout 10 --retry 1 --max-time 600 -o "$2" "$1"; }
    elif command -v wget >/dev/null; then
        download() { wget -q --connect-timeout=10 --tries=2 --timeout=60 -O "$2" "$1"; }
    else
        die "neither curl nor wget is installed, so MNIST cannot be downloaded; $offline_hint"
    fi
    if command -v md5sum >/dev/null; then
        md5_of() { md5sum "$1" | cut -d' ' -f1; }
    elif command -v md5 >/dev/null; then
        md5_of() { md5 -q "$1"; }  # macOS
    elif command -v openssl >/dev/null; then
        md5_of() { openssl dgst -md5 -r "$1" | cut -d' ' -f1; }  # anywhere OpenSSL is, e.g. Git Bash
    else
        die "none of md5sum, md5 or openssl is installed, so downloads cannot be verified; $offline_hint"
    fi
fi

[[ -d $target ]] || created_target=yes
mkdir -p "$target"
tmp=$(mktemp -d "$target/.fetch-mnist.XXXXXX")
# On any exit: drop the temporary files, and the target too if we created it and it stayed empty.
trap 'rm -rf "$tmp"; [[ -z ${created_target:-} ]] || rmdir "$target" 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM HUP  # exit through the EXIT trap on Ctrl-C too

for entry in "${todo[@]}"; do
    read -r name size md5 <<<"$entry"
    part="$tmp/$name"
    if [[ -n $mirror ]]; then
        src=$(find_in_mirror "$name")
        if [[ $src == *.gz ]]; then
            gunzip -c "$src" >"$part" 2>/dev/null || die "$src: expected gzip data, found something gunzip cannot read"
        else
            cp "$src" "$part"
        fi
    else
        tried=""
        src=""
        for url in "${urls[@]}"; do
            if ! download "$url/$name.gz" "$part.gz" 2>/dev/null; then
                tried+=" $url (download failed)"
            elif [[ $(md5_of "$part.gz") != "$md5" ]]; then
                tried+=" $url (MD5 $(md5_of "$part.gz"), expected $md5)"
            else
                src="$url/$name.gz"
                break
            fi
        done
        [[ -n $src ]] || die "cannot download $name.gz; tried:$tried
If this machine is offline: $offline_hint"
        gunzip -c "$part.gz" >"$part"
        rm -f "$part.gz"
    fi
    is_complete "$part" "$size" || die "$src: expected $size bytes once decompressed, found $(size_of "$part")"
    mv -f "$part" "$target/$name"  # same directory tree, so the rename is atomic
    echo "$target/$name: $size bytes from $src"
done
mark
