sweep disj_qsa q=2..3 model_seed=auto
