run pc_decoder n=3 k=5 L=1
