cc --from-run disj_truncated n=2 k=1 --report json
