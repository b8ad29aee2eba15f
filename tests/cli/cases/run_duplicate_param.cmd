run disj_trivial n=4 n=5
