#!/usr/bin/env python3
"""The same network as ./mnist, in PyTorch, for the side-by-side table of docs/performance.md.

784-N-10 (or --layers 784,800,800,10), ReLU hidden, softmax + cross-entropy (mean over the batch),
plain SGD by default, He normal hidden weights, Xavier (Glorot) normal output weights, zero biases,
a fresh shuffle every epoch, the last batch smaller. The options past plain SGD mirror ./mnist's
(docs/15-momentum.md to docs/19-schedules.md): --optimizer sgd|momentum|nesterov|adam, --momentum,
--beta1, --beta2, --epsilon, --weight-decay (L2 on weights only, as ./mnist), --dropout (hidden
layers), --schedule constant|cosine|step:EVERY:FACTOR (per epoch), --validation N (held out, not trained on).
Reads the raw IDX files from data/ itself (no torchvision). Optional: needs Debian's
python3-torch and python3-numpy; the library and its tests never do.

Prints one CSV line: hidden,seconds,test_accuracy,test_loss,train_accuracy,train_loss
(hidden: the hidden sizes joined by '-')
(seconds = training time of all epochs, evaluation excluded, as ./mnist --csv reports it).
"""
import argparse
import math
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
    """Mean cross-entropy and accuracy over the whole set, in chunks of 1000 rows."""
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
    ap.add_argument("--layers", default="", help="all sizes, e.g. 784,800,800,10 (instead of --hidden)")
    ap.add_argument("--optimizer", choices=["sgd", "momentum", "nesterov", "adam"], default="sgd")
    ap.add_argument("--momentum", type=float, default=0.9)
    ap.add_argument("--beta1", type=float, default=0.9)
    ap.add_argument("--beta2", type=float, default=0.999)
    ap.add_argument("--epsilon", type=float, default=1e-8)
    ap.add_argument("--weight-decay", type=float, default=0.0)
    ap.add_argument("--dropout", type=float, default=0.0)
    ap.add_argument("--schedule", default="constant")
    ap.add_argument("--validation", type=int, default=0)
    args = ap.parse_args()

    torch.set_num_threads(args.threads)  # the same two cores ./mnist uses
    torch.manual_seed(args.seed)
    X_train, y_train = load(args.data, "train-images-idx3-ubyte", "train-labels-idx1-ubyte")
    X_test, y_test = load(args.data, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")
    if args.validation:  # held out as ./mnist does (another shuffle than ours, the same size)
        keep = torch.randperm(len(y_train))[:len(y_train) - args.validation].sort().values
        X_train, y_train = X_train[keep], y_train[keep]

    sizes = [int(x) for x in args.layers.split(",")] if args.layers else [784, args.hidden, 10]
    modules = []
    for i in range(len(sizes) - 1):
        linear = torch.nn.Linear(sizes[i], sizes[i + 1])
        output = i == len(sizes) - 2
        with torch.no_grad():  # docs/08-initialisation.md: He for ReLU layers, Xavier for the output
            std = (2.0 / (sizes[i] + sizes[i + 1])) ** 0.5 if output else (2.0 / sizes[i]) ** 0.5
            torch.nn.init.normal_(linear.weight, 0.0, std)
            linear.bias.zero_()
        modules.append(linear)
        if not output:
            modules.append(torch.nn.ReLU())
            if args.dropout > 0:
                modules.append(torch.nn.Dropout(args.dropout))  # inverted dropout, as ./mnist
    model = torch.nn.Sequential(*modules)
    weights = [m.weight for m in model if isinstance(m, torch.nn.Linear)]
    biases = [m.bias for m in model if isinstance(m, torch.nn.Linear)]
    groups = [{"params": weights, "weight_decay": args.weight_decay}, {"params": biases, "weight_decay": 0.0}]
    if args.optimizer == "adam":
        opt = torch.optim.Adam(groups, lr=args.lr, betas=(args.beta1, args.beta2), eps=args.epsilon)
    else:  # PyTorch's momentum and Nesterov are (15.1) and (15.3) of docs/15-momentum.md
        mu = 0.0 if args.optimizer == "sgd" else args.momentum
        opt = torch.optim.SGD(groups, lr=args.lr, momentum=mu, nesterov=args.optimizer == "nesterov")

    def rate(e):  # docs/19-schedules.md, epoch e from 0
        if args.schedule == "cosine":
            return args.lr * 0.5 * (1 + math.cos(math.pi * e / args.epochs))
        if args.schedule.startswith("step:"):
            _, every, factor = args.schedule.split(":")
            return args.lr * float(factor) ** (e // int(every))
        return args.lr

    seconds = 0.0
    n = len(y_train)
    for e in range(args.epochs):
        for g in opt.param_groups:
            g["lr"] = rate(e)
        model.train()
        start = time.perf_counter()
        order = torch.randperm(n)  # a fresh order every epoch
        for b in range(0, n, args.batch):
            idx = order[b:b + args.batch]
            loss = torch.nn.functional.cross_entropy(model(X_train[idx]), y_train[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
        seconds += time.perf_counter() - start

    model.eval()  # no dropout in evaluation
    test_loss, test_acc = evaluate(model, X_test, y_test)
    train_loss, train_acc = evaluate(model, X_train, y_train)
    hidden = "-".join(str(x) for x in sizes[1:-1])
    print(f"{hidden},{seconds:.2f},{test_acc:.4f},{test_loss:.4f},{train_acc:.4f},{train_loss:.4f}")


if __name__ == "__main__":
    main()
