run disj_trivial n=
