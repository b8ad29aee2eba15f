sweep disj_trivial n=4..2
