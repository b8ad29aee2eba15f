run disj_trivial n=30
