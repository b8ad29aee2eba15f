forward weights=@SOURCE@/tests/model/fixtures/mha.safetensors
