run disj_match3 n=4096 --sample 1 --max-memory 8G
