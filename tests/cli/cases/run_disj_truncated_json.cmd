run disj_truncated n=6 k=4 --report json
