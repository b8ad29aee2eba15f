forward weights=@SOURCE@/tests/model/fixtures/torch_attention.safetensors input=@SOURCE@/tests/model/fixtures/torch_input.npy
