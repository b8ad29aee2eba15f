sweep disj_truncated n=5..8 k=4
