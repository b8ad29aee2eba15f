eval match3 N=4 M=5 precision=fixed:8:4 precision_model=partial-sums --report json
