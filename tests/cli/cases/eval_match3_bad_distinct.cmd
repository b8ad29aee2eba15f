eval match3 N=4 M=7 distinct=yes
