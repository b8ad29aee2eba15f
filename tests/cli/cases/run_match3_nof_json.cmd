run match3_nof --report json
