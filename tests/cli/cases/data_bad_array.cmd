data hop N=3 alphabet=2 samples=0 -o h.npy --array z
