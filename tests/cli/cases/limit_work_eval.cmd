eval qsa N=4096 q=1 construction=random m=1024 H=8 samples=200 --max-time 10
