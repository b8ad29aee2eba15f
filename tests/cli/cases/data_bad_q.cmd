data qsa N=4 q=9 -o q.npz
