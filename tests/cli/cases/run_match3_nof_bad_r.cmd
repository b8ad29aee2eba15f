run match3_nof M=6 r=2
