run disj_trivial n=4 --engine tree --sample 5000000
