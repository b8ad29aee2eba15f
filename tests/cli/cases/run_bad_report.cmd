run disj_trivial n=4 --report xml
