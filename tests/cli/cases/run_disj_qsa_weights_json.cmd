run disj_qsa q=2 weights=@SOURCE@/tests/model/fixtures/mha.safetensors --report json
