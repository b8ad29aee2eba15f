forward weights=@SOURCE@/tests/model/fixtures/torch_attention.safetensors prefix=net input=@SOURCE@/tests/model/fixtures/torch_input.npy precision=fp64
