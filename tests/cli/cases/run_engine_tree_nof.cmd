run match3_nof --engine tree
