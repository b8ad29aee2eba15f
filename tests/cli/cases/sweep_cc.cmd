sweep cc disj n=1..4
