sweep disj_qsa q=2..3 precision=fp16,fp32 --series m --plot x.svg
