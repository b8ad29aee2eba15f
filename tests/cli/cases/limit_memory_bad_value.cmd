run disj_qsa q=4 --max-memory 12X
