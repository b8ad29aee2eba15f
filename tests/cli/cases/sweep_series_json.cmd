sweep disj_qsa q=2..3 precision=fixed:8:4,fp32 --report json
