run disj_trivial n=4 --sed 3
