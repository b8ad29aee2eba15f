cc gtt n=2
