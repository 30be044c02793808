#!/usr/bin/env python3
"""PyTorch's Python loop for bench_himmelblau_adam (benchmarks/himmelblau_adam.cpp): seed part 5,
Adam(lr=1e-3) for 20000 steps on Himmelblau's function from [0, 0], as the seed writes it, on one
thread. Prints one markdown table row with the best time of --runs runs (default 3) in ms and,
given --hand-written-ms (bench_himmelblau_adam's hand_written time), its ratio to it.

Run by benchmarks/run with Debian's python (/usr/bin/python3, which has python3-torch):
    /usr/bin/python3 benchmarks/python/himmelblau_adam.py --hand-written-ms 1.5
"""
import argparse
import time

import torch


def himmelblau(x):
    return (x[0] ** 2 + x[1] - 11) ** 2 + (x[0] + x[1] ** 2 - 7) ** 2


def run(steps):
    x = torch.tensor([0.0, 0.0], requires_grad=True)
    optimizer = torch.optim.Adam([x], lr=1e-3)
    for step in range(steps):
        pred = himmelblau(x)
        optimizer.zero_grad()
        pred.backward()
        optimizer.step()
    return x.tolist()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--steps", type=int, default=20000)
    parser.add_argument("--hand-written-ms", type=float, default=0.0)
    args = parser.parse_args()
    torch.set_num_threads(1)
    final = run(args.steps)
    if abs(final[0] - 3.0) > 1e-4 or abs(final[1] - 2.0) > 1e-4:
        raise SystemExit(f"himmelblau_adam.py: the run ends at {final}, not at (3, 2)")
    best = float("inf")
    for _ in range(args.runs):
        start = time.perf_counter()
        run(args.steps)
        best = min(best, time.perf_counter() - start)
    ms = best * 1e3
    ratio = f"{ms / args.hand_written_ms:.0f}" if args.hand_written_ms > 0 else "-"
    print(f"| pytorch_python (torch {torch.__version__}, best of {args.runs}) | {ms:.1f} | {ratio} | - |")


if __name__ == "__main__":
    main()
