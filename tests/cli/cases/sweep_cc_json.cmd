sweep cc disj n=1..3 --report json
