run index_qsa_rnn n=6 construction=index_memory activation=relu
