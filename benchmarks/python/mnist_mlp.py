#!/usr/bin/env python3
"""PyTorch's side of bench_mnist_mlp (benchmarks/mnist_mlp.cpp): one epoch of a 784 -> 512 -> 10
MLP (tanh hidden layer, F.cross_entropy, torch.optim.Adam(lr=1e-3)) on 60000 x 784 float32
synthetic inputs in minibatches of 64, shuffled by torch.randperm, the last batch partial; on one
thread and on all threads (os.cpu_count(): Debian's torch starts with one here). Prints markdown table rows with
the best time per epoch of --runs runs (default 3) and, given --ctgrad-seconds (bench_mnist_mlp's
time), the ratio of PyTorch's time to ctgrad's.

Run by benchmarks/run with Debian's python (/usr/bin/python3, which has python3-torch):
    /usr/bin/python3 benchmarks/python/mnist_mlp.py --ctgrad-seconds 4.2
"""
import argparse
import math
import os
import time

import torch
import torch.nn.functional as F


def epoch(x, y, batch):
    torch.manual_seed(7)
    bound1, bound2 = 1 / math.sqrt(784), 1 / math.sqrt(512)
    w1 = (torch.rand(784, 512) * 2 - 1).mul_(bound1).requires_grad_()
    b1 = (torch.rand(512) * 2 - 1).mul_(bound1).requires_grad_()
    w2 = (torch.rand(512, 10) * 2 - 1).mul_(bound2).requires_grad_()
    b2 = (torch.rand(10) * 2 - 1).mul_(bound2).requires_grad_()
    optimizer = torch.optim.Adam([w1, b1, w2, b2], lr=1e-3)
    order = torch.randperm(x.shape[0])
    total = 0.0
    start = time.perf_counter()
    for first in range(0, x.shape[0], batch):
        rows = order[first:first + batch]
        xb, yb = x[rows], y[rows]
        optimizer.zero_grad()
        loss = F.cross_entropy(torch.tanh(xb @ w1 + b1) @ w2 + b2, yb)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(rows)
    return time.perf_counter() - start, total / x.shape[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rows", type=int, default=60000)
    parser.add_argument("--ctgrad-seconds", type=float, default=0.0)
    args = parser.parse_args()
    x = torch.rand(args.rows, 784)
    y = torch.arange(args.rows) % 10
    all_threads = os.cpu_count() or 1
    for threads in sorted({1, all_threads}):
        torch.set_num_threads(threads)
        runs = [epoch(x, y, 64) for _ in range(args.runs)]
        seconds = min(r[0] for r in runs)
        ratio = f"{seconds / args.ctgrad_seconds:.2f}" if args.ctgrad_seconds > 0 else "-"
        print(f"| pytorch {torch.__version__} | {threads} | {seconds:.3f} | {ratio} "
              f"| {runs[-1][1]:.4f} |")


if __name__ == "__main__":
    main()
