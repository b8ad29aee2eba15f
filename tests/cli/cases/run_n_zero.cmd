run disj_trivial n=0
