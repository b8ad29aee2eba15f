cc matrix=@SOURCE@/tests/cc/fixtures/small.csv
