run disj_trivial n=3 --engine fast
