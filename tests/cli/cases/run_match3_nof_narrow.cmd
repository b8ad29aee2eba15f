run match3_nof n=2 M=5 precision=fixed:4:1 --report json
