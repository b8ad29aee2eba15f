sweep cc ip n=1..3 --report csv
