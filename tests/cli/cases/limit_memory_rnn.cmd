run index_qsa_rnn n=64 construction=random m=16384 L=16 --sample 1 --max-memory 8GiB
