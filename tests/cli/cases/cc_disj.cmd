cc disj n=2
