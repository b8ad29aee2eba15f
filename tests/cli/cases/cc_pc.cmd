cc pc n=2 k=3
