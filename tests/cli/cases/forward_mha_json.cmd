forward weights=@SOURCE@/tests/model/fixtures/mha.safetensors input=@SOURCE@/tests/model/fixtures/mha_input.npy precision=bf16 --report json
