run disj_trivial n=8 --sample 30 --distribution hrd
