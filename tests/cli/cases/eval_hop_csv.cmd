eval hop N=5 alphabet=2 k=2 precision=fixed:6:2 --report csv
