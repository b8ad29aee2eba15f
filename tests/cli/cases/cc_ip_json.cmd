cc ip n=3 --report json
