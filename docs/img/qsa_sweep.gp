# Written by ccsim sweep; edit and rerun with: gnuplot qsa_sweep.gp
# command: ccsim sweep disj_qsa q=2..12 m=auto precision=fixed:12:8 --seed 1 --auto-max 1024
if (!exists('ccsim_output')) ccsim_output = 'qsa_sweep.svg'
set terminal svg size 800,520 dynamic font 'sans,12'
set termoption noenhanced
set output ccsim_output
set title 'disj_qsa: bits against q' font ',10'
set xlabel 'q'
set ylabel 'bits'
set logscale xy
set autoscale xfix
set offsets graph 0.03, graph 0.03, 0, 0
set key below font ',9'
set grid
set xtics ('2' 2, '3' 3, '4' 4, '5' 5, '6' 6, '7' 7, '8' 8, '9' 9, '10' 10, '11' 11, '12' 12)
set yrange [1.42857:8080.8]
set ytics ('2' 2, '5' 5, '10' 10, '20' 20, '50' 50, '100' 100, '200' 200, '500' 500, '1000' 1000, '2000' 2000, '5000' 5000)
plot 'qsa_sweep.dat' index 0 using 1:2 with linespoints pt 7 lc 1 title 'measured bits', \
     'qsa_sweep.dat' index 0 using 1:3 with lines dt 2 lc 1 title 'construction bits', \
     'qsa_sweep.dat' index 0 using 1:4 with linespoints pt 5 ps 0.8 lc rgb 'black' title 'lower bound'
