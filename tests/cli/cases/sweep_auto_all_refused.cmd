sweep disj_qsa q=2 m=auto precision=fp99
