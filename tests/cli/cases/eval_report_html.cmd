eval qsa N=8 q=2 samples=3 --report html
