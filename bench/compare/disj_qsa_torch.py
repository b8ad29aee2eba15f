#!/usr/bin/python3
"""What a researcher would write instead of `ccsim run disj_qsa`: check DISJ_q -> qSA
exhaustively on one random attention unit with batched GEMMs over all Alice x Bob inputs.

Same shapes and the same computation as `ccsim run disj_qsa q=Q construction=random m=M
precision=fp64` (send-token, precision model embeddings; fp64 quantization is the identity):
N = 2q + 1 tokens x_j = (z_j, y_j, j) of dimension d' + q + 1, Bob's tokens 0..2q-1 with
z_{2i+1} = +1 iff b_i = 1, Alice's target token N-1 with y = {2i + a_i}; one head with Gaussian
W_q, W_k (m x d), W_v (1 x d), W_o (1 x 1) scaled by 1/sqrt(d); softmax attention at the target;
answer "disjoint" iff out < -1 + 1/q. The weights are its own seeded draw (not ccsim's), so the
count of wrong answers differs; the work per instance is the same.

Prints one line: q, instances, wrong answers, compute seconds. Needs Debian's python3-torch
(run it with /usr/bin/python3).
"""
import argparse
import time

import torch


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--q", type=int, default=10)
    ap.add_argument("--m", type=int, default=64)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--chunk", type=int, default=256, help="Bob inputs per batched GEMM")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    q, m = args.q, args.m
    n = 2 * q + 1
    d = 1 + q + 1
    dt = torch.float64
    wq = torch.randn(m, d, dtype=dt) / d**0.5
    wk = torch.randn(m, d, dtype=dt) / d**0.5
    wv = torch.randn(1, d, dtype=dt) / d**0.5
    wo = torch.randn(1, 1, dtype=dt)

    start = time.perf_counter()
    A = 1 << q
    bits = ((torch.arange(A)[:, None] >> torch.arange(q)[None, :]) & 1).to(dt)  # (A, q)
    # Alice's target token for every a: z = 0, y = {2i + a_i}, position N-1.
    ya = 2 * torch.arange(q, dtype=dt)[None, :] + bits
    xa = torch.cat([torch.zeros(A, 1, dtype=dt), ya, torch.full((A, 1), n - 1.0, dtype=dt)], 1)
    qa, ka, va = xa @ wq.T, xa @ wk.T, xa @ wv.T  # (A, m), (A, m), (A, 1)
    s_self = (qa * ka).sum(1)  # (A,)
    # Bob's tokens for every b: pair (2i, 2i+1), z = -1 and (+1 if b_i else -1), y = 0..q-1.
    ybob = torch.arange(q, dtype=dt)
    pos = torch.arange(2 * q, dtype=dt)
    wrong = 0
    thr = -1.0 + 1.0 / q
    for b0 in range(0, A, args.chunk):
        bb = bits[b0:b0 + args.chunk]  # (C, q)
        C = bb.shape[0]
        z = -torch.ones(C, 2 * q, dtype=dt)
        z[:, 1::2] = 2 * bb - 1
        xb = torch.cat([z[..., None], ybob.expand(C, 2 * q, q), pos.expand(C, 2 * q)[..., None]], 2)
        kb, vb = xb @ wk.T, xb @ wv.T  # (C, 2q, m), (C, 2q, 1)
        scores = torch.einsum("am,cjm->acj", qa, kb)  # (A, C, 2q)
        scores = torch.cat([scores, s_self[:, None, None].expand(A, C, 1)], 2)
        weights = torch.softmax(scores, 2)
        values = torch.cat([vb[None, :, :, 0].expand(A, C, 2 * q), va[:, None, :].expand(A, C, 1)], 2)
        out = (weights * values).sum(2) * wo[0, 0]
        answer = out < thr
        truth = (bits[:, None, :] * bb[None, :, :]).sum(2) == 0
        wrong += int((answer != truth).sum())
    elapsed = time.perf_counter() - start
    print(f"q={q} instances={A * A} wrong={wrong} compute_s={elapsed:.3f}")


if __name__ == "__main__":
    main()
