run disj_trivial --help
