cc --from-run disj_qsa q=8 construction=random m=1 precision=fixed:2:1
