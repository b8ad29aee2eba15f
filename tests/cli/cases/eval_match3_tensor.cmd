eval match3 construction=match3_tensor N=4 M=5 precision=fixed:16:8 precision_model=partial-sums
