eval hop N=7 alphabet=3 k=2 precision=fixed:16:8 precision_model=partial-sums
