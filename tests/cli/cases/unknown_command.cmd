rn disj_trivial
