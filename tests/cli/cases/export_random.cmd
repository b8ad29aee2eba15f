export random q=4 -o m.safetensors
