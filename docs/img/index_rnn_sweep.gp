# Written by ccsim sweep; edit and rerun with: gnuplot index_rnn_sweep.gp
# command: ccsim sweep index_qsa_rnn n=2..12 m=auto --seed 1 --auto-max 1024
if (!exists('ccsim_output')) ccsim_output = 'index_rnn_sweep.svg'
set terminal svg size 800,520 dynamic font 'sans,12'
set termoption noenhanced
set output ccsim_output
set title 'index_qsa_rnn: bits against n' font ',10'
set xlabel 'n'
set ylabel 'bits'
set logscale xy
set autoscale xfix
set offsets graph 0.03, graph 0.03, 0, 0
set key below font ',9'
set grid
set xtics ('2' 2, '3' 3, '4' 4, '5' 5, '6' 6, '7' 7, '8' 8, '9' 9, '10' 10, '11' 11, '12' 12)
set yrange [1.42857:33.6]
set ytics ('2' 2, '5' 5, '10' 10, '20' 20)
plot 'index_rnn_sweep.dat' index 0 using 1:2 with linespoints pt 7 lc 1 title 'measured bits', \
     'index_rnn_sweep.dat' index 0 using 1:3 with lines dt 2 lc 1 title 'construction bits', \
     'index_rnn_sweep.dat' index 0 using 1:4 with linespoints pt 5 ps 0.8 lc rgb 'black' title 'lower bound'
