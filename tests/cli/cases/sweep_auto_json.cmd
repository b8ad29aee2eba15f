sweep disj_truncated n=3..5 k=auto --report json
