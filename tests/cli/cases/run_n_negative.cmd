run disj_trivial n=-3
