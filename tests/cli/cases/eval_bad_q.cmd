eval qsa N=4 q=5
