sweep disj_trivial n=20..21 --max-log2-instances 40.5x
