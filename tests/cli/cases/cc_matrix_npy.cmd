cc matrix=@SOURCE@/tests/cc/fixtures/gt2_fortran.npy --report csv
