run disj_trivial n=3 --report JSON
