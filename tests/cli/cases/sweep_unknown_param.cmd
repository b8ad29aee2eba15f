sweep disj_trivial nn=2..4
