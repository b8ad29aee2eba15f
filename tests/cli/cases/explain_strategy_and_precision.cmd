explain partial-sums
