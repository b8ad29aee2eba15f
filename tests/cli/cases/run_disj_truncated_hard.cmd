run disj_truncated n=8 k=4 --sample 2000 --distribution hard
