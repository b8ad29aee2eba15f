cc disj n=5
