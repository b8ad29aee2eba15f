run disj_trival n=3
