run disj_match3 n=3
