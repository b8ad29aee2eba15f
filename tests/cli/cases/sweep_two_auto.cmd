sweep disj_truncated n=auto k=auto
