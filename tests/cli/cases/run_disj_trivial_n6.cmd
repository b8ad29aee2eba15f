run disj_trivial n=6
