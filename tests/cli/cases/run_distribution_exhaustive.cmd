run disj_trivial n=8 --distribution hard
