run disj_truncated n=4 k=2 --report htm
