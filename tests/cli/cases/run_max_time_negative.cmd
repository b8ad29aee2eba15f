run disj_trivial n=4 --max-time -1
