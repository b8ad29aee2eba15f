#!/usr/bin/python3
"""Runs `ccsim run disj_qsa q=Q construction=random m=64 precision=fp64 --threads 2` and the
PyTorch script beside it (disj_qsa_torch.py, 2 threads) on the same sizes, alternately, and
prints the median whole-process time of each and their ratio. The machine is shared, so each
pair runs back to back and the medians are over --repeat pairs.

Usage: /usr/bin/python3 bench/compare/disj_qsa_vs_torch.py [--q 10 12] [--repeat 3]
Needs a built ccsim (scripts/setup) and Debian's python3-torch (scripts/setup-bench).
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def timed(argv):
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):  # ccsim exits 1 only for INCONSISTENT / no-bound failures
        sys.exit(f"{argv[0]} failed ({done.returncode}): {done.stderr.strip()}")
    return elapsed, done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--q", type=int, nargs="+", default=[10, 12])
    ap.add_argument("--m", type=int, default=64)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--ccsim", default=os.path.join(ROOT, "build", "ccsim"))
    args = ap.parse_args()
    print(f"cores: {os.cpu_count()}, threads: 2, m={args.m}, fp64, whole-process seconds (median of {args.repeat})")
    print(f"{'q':>3} {'instances':>12} {'ccsim s':>9} {'torch s':>9} {'torch/ccsim':>12}")
    for q in args.q:
        ours, theirs = [], []
        for _ in range(args.repeat):
            t, _ = timed([args.ccsim, "run", "disj_qsa", f"q={q}", "construction=random",
                          f"m={args.m}", "precision=fp64", "--threads", "2", "--report", "json"])
            ours.append(t)
            t, _ = timed([sys.executable, os.path.join(HERE, "disj_qsa_torch.py"), "--q", str(q),
                          "--m", str(args.m), "--threads", "2"])
            theirs.append(t)
        a, b = statistics.median(ours), statistics.median(theirs)
        print(f"{q:>3} {4 ** q:>12} {a:>9.2f} {b:>9.2f} {b / a:>12.1f}")


if __name__ == "__main__":
    main()
