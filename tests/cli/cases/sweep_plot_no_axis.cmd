sweep disj_trivial n=4 --plot x.svg
