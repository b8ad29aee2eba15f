sweep disj_qsa q=2..3 --series q
