run disj_trivial n=4 --seed -1
