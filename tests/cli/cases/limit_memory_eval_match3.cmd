eval match3 N=4096 M=1048576 samples=1 --max-memory 8G
