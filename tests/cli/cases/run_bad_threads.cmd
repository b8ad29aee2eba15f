run disj_trivial n=4 --threads 0
