run pc_decoder --report json
