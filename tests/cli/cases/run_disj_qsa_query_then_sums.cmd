run disj_qsa q=5 strategy=query-then-sums construction=random m=1 precision=fixed:1:0
