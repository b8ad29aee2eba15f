explain disj_truncated n=5 k=2
