run disj_qsa q=4 precision=fixed:12:8
