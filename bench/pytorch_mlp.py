#!/usr/bin/env python3
"""The same network as ./mnist, in PyTorch, for the side-by-side table of docs/performance.md.

784-N-10, ReLU hidden, softmax + cross-entropy (mean over the batch), plain SGD, He normal W1,
Xavier (Glorot) normal W2, zero biases, a fresh shuffle every epoch, the last batch smaller.
Reads the raw IDX files from data/ itself (no torchvision). Optional: needs Debian's
python3-torch and python3-numpy; the library and its tests never do.

Prints one CSV line: hidden,seconds,test_accuracy,test_loss,train_accuracy,train_loss
(seconds = training time of all epochs, evaluation excluded, as ./mnist --csv reports it).
"""
import argparse
import os
import struct
import sys
import time

import numpy as np
import torch


def read_idx(data_dir, stem):
    """The IDX file data_dir/<stem> (or the dotted spelling), as a numpy array of uint8."""
    dotted = stem.replace("-idx", ".idx")
    for name in (stem, dotted):
        path = os.path.join(data_dir, name)
        if os.path.exists(path):
            with open(path, "rb") as f:
                raw = f.read()
            magic, = struct.unpack(">I", raw[:4])
            rank = magic & 0xFF
            dims = struct.unpack(">" + "I" * rank, raw[4:4 + 4 * rank])
            return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)
    sys.exit(f"pytorch_mlp.py: {os.path.join(data_dir, stem)}: not found; run 'make data'")


def load(data_dir, images, labels):
    X = read_idx(data_dir, images).reshape(-1, 784).astype(np.float32) / 255.0
    y = read_idx(data_dir, labels).astype(np.int64)
    return torch.from_numpy(X), torch.from_numpy(y)


def evaluate(model, X, y):
    """Mean cross-entropy and accuracy over the whole set, in chunks of 1000 as ./mnist does."""
    loss_sum, correct = 0.0, 0
    with torch.no_grad():
        for start in range(0, len(y), 1000):
            z = model(X[start:start + 1000])
            t = y[start:start + 1000]
            loss_sum += torch.nn.functional.cross_entropy(z, t, reduction="sum").item()
            correct += (z.argmax(dim=1) == t).sum().item()
    return loss_sum / len(y), correct / len(y)


def arguments(description):
    """The options every script of the comparison takes (numpy_mlp.py too)."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--data", default="data")
    ap.add_argument("--hidden", type=int, default=300)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--lr", type=float, default=0.1)
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    return ap


def main():
    ap = arguments(__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=2,
                    help="PyTorch's intra-op threads (the BLAS it calls has its own: OPENBLAS_NUM_THREADS)")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)  # the same two cores ./mnist uses
    torch.manual_seed(args.seed)
    X_train, y_train = load(args.data, "train-images-idx3-ubyte", "train-labels-idx1-ubyte")
    X_test, y_test = load(args.data, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")

    model = torch.nn.Sequential(torch.nn.Linear(784, args.hidden), torch.nn.ReLU(),
                                torch.nn.Linear(args.hidden, 10))
    with torch.no_grad():  # docs/08-initialisation.md: He for the ReLU layer, Xavier for the output
        torch.nn.init.normal_(model[0].weight, 0.0, (2.0 / 784) ** 0.5)
        torch.nn.init.normal_(model[2].weight, 0.0, (2.0 / (args.hidden + 10)) ** 0.5)
        model[0].bias.zero_()
        model[2].bias.zero_()
    opt = torch.optim.SGD(model.parameters(), lr=args.lr)

    seconds = 0.0
    n = len(y_train)
    for _ in range(args.epochs):
        start = time.perf_counter()
        order = torch.randperm(n)  # a fresh order every epoch
        for b in range(0, n, args.batch):
            idx = order[b:b + args.batch]
            loss = torch.nn.functional.cross_entropy(model(X_train[idx]), y_train[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
        seconds += time.perf_counter() - start

    test_loss, test_acc = evaluate(model, X_test, y_test)
    train_loss, train_acc = evaluate(model, X_train, y_train)
    print(f"{args.hidden},{seconds:.2f},{test_acc:.4f},{test_loss:.4f},{train_acc:.4f},{train_loss:.4f}")


if __name__ == "__main__":
    main()
