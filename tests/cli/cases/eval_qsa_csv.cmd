eval qsa N=8 q=2 samples=5 --report csv
