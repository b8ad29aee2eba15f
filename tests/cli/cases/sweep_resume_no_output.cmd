sweep disj_trivial n=2..3 --resume
