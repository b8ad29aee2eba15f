sweep index_qsa_rnn n=2..6 m=auto --report csv
