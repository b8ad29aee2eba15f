run disj_truncated n=10 k=10
