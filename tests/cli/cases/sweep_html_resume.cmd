sweep disj_qsa q=2..3 --report html --resume -o s.html
