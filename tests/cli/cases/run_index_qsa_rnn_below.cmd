run index_qsa_rnn n=6 m=2
