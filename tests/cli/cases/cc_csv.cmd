cc gt n=2 --report csv
