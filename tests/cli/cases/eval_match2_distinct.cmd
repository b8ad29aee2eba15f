eval match2 N=4 M=6 distinct=true
