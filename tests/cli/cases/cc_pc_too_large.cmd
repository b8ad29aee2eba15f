cc pc n=3 k=2
