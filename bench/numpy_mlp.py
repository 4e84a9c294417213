#!/usr/bin/env python3
"""The same network as ./mnist in numpy float32, for the side-by-side table of docs/performance.md.

784-N-10, ReLU hidden, softmax + cross-entropy (mean over the batch), plain SGD, He normal W1,
Xavier normal W2, zero biases, a fresh shuffle every epoch, the last batch smaller: the forward and
backward passes of docs/06-backprop.md written out with numpy's matrix products (which call the BLAS
numpy was built with: OPENBLAS_NUM_THREADS sets its threads). Optional; needs python3-numpy, and
python3-torch for the reading and options it shares with pytorch_mlp.py.

Prints one CSV line: hidden,seconds,test_accuracy,test_loss,train_accuracy,train_loss
(seconds = training time of all epochs, evaluation excluded, as ./mnist --csv reports it).
"""
import time

import numpy as np

from pytorch_mlp import arguments, read_idx


def load(data_dir, images, labels):
    X = read_idx(data_dir, images).reshape(-1, 784).astype(np.float32) / np.float32(255)
    return X, read_idx(data_dir, labels).astype(np.int64)


def forward(W1, b1, W2, b2, X):
    z1 = X @ W1 + b1
    h = np.maximum(z1, 0)
    z2 = h @ W2 + b2
    z2 = z2 - z2.max(axis=1, keepdims=True)
    p = np.exp(z2)
    p /= p.sum(axis=1, keepdims=True)
    return z1, h, p


def evaluate(params, X, y):
    loss_sum, correct = 0.0, 0
    for start in range(0, len(y), 1000):
        _, _, p = forward(*params, X[start:start + 1000])
        t = y[start:start + 1000]
        loss_sum += float(-np.log(np.maximum(p[np.arange(len(t)), t], 1e-30)).sum())
        correct += int((p.argmax(axis=1) == t).sum())
    return loss_sum / len(y), correct / len(y)


def main():
    args = arguments(__doc__.splitlines()[0]).parse_args()

    rng = np.random.default_rng(args.seed)
    X_train, y_train = load(args.data, "train-images-idx3-ubyte", "train-labels-idx1-ubyte")
    X_test, y_test = load(args.data, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")
    n_h, f32 = args.hidden, np.float32
    W1 = (rng.standard_normal((784, n_h)) * (2.0 / 784) ** 0.5).astype(f32)
    W2 = (rng.standard_normal((n_h, 10)) * (2.0 / (n_h + 10)) ** 0.5).astype(f32)
    b1, b2 = np.zeros(n_h, f32), np.zeros(10, f32)
    eta = f32(args.lr)

    seconds = 0.0
    n = len(y_train)
    for _ in range(args.epochs):
        start = time.perf_counter()
        order = rng.permutation(n)
        for b in range(0, n, args.batch):
            idx = order[b:b + args.batch]
            X, y = X_train[idx], y_train[idx]
            z1, h, p = forward(W1, b1, W2, b2, X)
            delta2 = p
            delta2[np.arange(len(y)), y] -= 1
            delta2 /= f32(len(y))                      # mean over the batch
            dW2, db2 = h.T @ delta2, delta2.sum(axis=0)
            delta1 = (delta2 @ W2.T) * (z1 > 0)
            dW1, db1 = X.T @ delta1, delta1.sum(axis=0)
            W1 -= eta * dW1
            b1 -= eta * db1
            W2 -= eta * dW2
            b2 -= eta * db2
        seconds += time.perf_counter() - start

    params = (W1, b1, W2, b2)
    test_loss, test_acc = evaluate(params, X_test, y_test)
    train_loss, train_acc = evaluate(params, X_train, y_train)
    print(f"{args.hidden},{seconds:.2f},{test_acc:.4f},{test_loss:.4f},{train_acc:.4f},{train_loss:.4f}")


if __name__ == "__main__":
    main()
