cc --from-run disj_truncated n=3 k=2
