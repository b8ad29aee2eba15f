forward model=transformer weights=@SOURCE@/tests/model/fixtures/torch_encoder_stack.safetensors input=@SOURCE@/tests/model/fixtures/torch_stream.npy precision=bf16 --report csv
