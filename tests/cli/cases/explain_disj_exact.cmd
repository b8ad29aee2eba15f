explain disj
