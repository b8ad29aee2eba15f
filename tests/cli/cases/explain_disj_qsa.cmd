explain disj_qsa
