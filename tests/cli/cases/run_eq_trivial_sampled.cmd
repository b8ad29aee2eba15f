run eq_trivial n=100 --sample 500 --seed 3
