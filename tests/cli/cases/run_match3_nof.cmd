run match3_nof n=1 M=5
