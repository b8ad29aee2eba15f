sweep disj_truncated n=6 k=auto
