run index_trivial n=6
