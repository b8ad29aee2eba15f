data qsa N=4 q=2
