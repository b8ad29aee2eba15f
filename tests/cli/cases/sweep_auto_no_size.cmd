sweep hop_transformer n=2 k=auto
