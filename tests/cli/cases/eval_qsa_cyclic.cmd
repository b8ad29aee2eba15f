eval qsa construction=qsa_cyclic N=16 q=3 precision=fp64 eps=1e-7 samples=5
