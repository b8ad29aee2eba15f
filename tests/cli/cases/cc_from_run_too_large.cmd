cc --from-run disj_trivial n=9
