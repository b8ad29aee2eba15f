run disj_trivial n=4 --sample 0
