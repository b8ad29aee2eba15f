cc matrix=@SOURCE@/tests/cc/fixtures/ragged.csv
