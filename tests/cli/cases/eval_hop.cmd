eval hop N=6 alphabet=2 k=3
