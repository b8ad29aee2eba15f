eval qsa construction=qsa_random N=12 q=2 precision=fixed:12:10 samples=3 --report json
