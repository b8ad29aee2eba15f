run disj_qsa precision=fixed:0:0
