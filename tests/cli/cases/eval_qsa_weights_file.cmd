eval qsa q=2 weights=@SOURCE@/tests/model/fixtures/mha.safetensors samples=5
