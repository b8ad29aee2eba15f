run disj_trivial n=abc
