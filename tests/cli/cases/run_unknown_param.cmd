run disj_trivial nn=3
