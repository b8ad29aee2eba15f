data disj_trivial -o d.npz
