run disj_trivial 10
