eval qsa N=4096 q=1 construction=random m=16384 H=64 samples=1 --max-memory 8G
