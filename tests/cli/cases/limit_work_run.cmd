run disj_qsa q=8 --sample 100000000000 --max-time 5
