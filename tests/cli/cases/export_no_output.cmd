export qsa_random q=4
