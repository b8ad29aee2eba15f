explain rnn
