run disj_qsa weights=@SOURCE@/tests/model/fixtures/mha_input.npy
