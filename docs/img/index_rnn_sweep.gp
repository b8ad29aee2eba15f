# Written by ccsim sweep; edit and rerun with: gnuplot index_rnn_sweep.gp
set terminal svg size 800,520 dynamic font 'sans,12'
set output 'index_rnn_sweep.svg'
set title "ccsim sweep index_qsa_rnn n=2..12 m=auto --seed 1 --auto-max 1024" noenhanced font ',9'
set xlabel 'n'
set ylabel 'bits'
set logscale xy
set autoscale xfix
set offsets graph 0.03, graph 0.03, 0, 0
set key top left
set grid
plot 'index_rnn_sweep.dat' using 1:2 with linespoints pt 7 title 'measured bits', \
     'index_rnn_sweep.dat' using 1:3 with lines dt 2 title 'construction bits', \
     'index_rnn_sweep.dat' using 1:4 with linespoints pt 5 title 'lower bound'
