run disj_qsa q=6 construction=random m=1 precision=fixed:1:0
