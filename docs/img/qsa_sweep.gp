# Written by ccsim sweep; edit and rerun with: gnuplot qsa_sweep.gp
set terminal svg size 800,520 dynamic font 'sans,12'
set output 'qsa_sweep.svg'
set title "ccsim sweep disj_qsa q=2..12 m=auto precision=fixed:12:8 --seed 1 --auto-max 1024" noenhanced font ',9'
set xlabel 'q'
set ylabel 'bits'
set logscale xy
set autoscale xfix
set offsets graph 0.03, graph 0.03, 0, 0
set key top left
set grid
plot 'qsa_sweep.dat' using 1:2 with linespoints pt 7 title 'measured bits', \
     'qsa_sweep.dat' using 1:3 with lines dt 2 title 'construction bits', \
     'qsa_sweep.dat' using 1:4 with linespoints pt 5 title 'lower bound'
