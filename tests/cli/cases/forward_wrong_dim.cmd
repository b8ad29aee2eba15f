forward weights=@SOURCE@/tests/model/fixtures/ccsim_native.safetensors input=@SOURCE@/tests/model/fixtures/mha_input.npy
