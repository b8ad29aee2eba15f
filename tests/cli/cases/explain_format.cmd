explain e4m3
