sweep disj_qsa q=2..3 --plot x.gif
