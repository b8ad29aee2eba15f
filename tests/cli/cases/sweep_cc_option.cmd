sweep cc disj n=1..3 --sample 5
