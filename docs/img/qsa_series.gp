# Written by ccsim sweep; edit and rerun with: gnuplot qsa_series.gp
# command: ccsim sweep disj_qsa q=2..10 m=auto precision=fixed:8:4,fixed:12:8,fp16 --seed 1 --auto-max 1024
if (!exists('ccsim_output')) ccsim_output = 'qsa_series.png'
set terminal pngcairo size 800,520 font 'sans,11'
set termoption noenhanced
set output ccsim_output
set title 'disj_qsa: bits against q, one series per precision' . "\n" . 'missing (no m in [1, 1024] is correct): precision=fixed:8:4 at q = 5, 6, 7, 8, 9, 10' font ',10'
set xlabel 'q'
set ylabel 'bits'
set logscale xy
set autoscale xfix
set offsets graph 0.03, graph 0.03, 0, 0
set key below font ',9'
set grid
set xtics ('2' 2, '3' 3, '4' 4, '5' 5, '6' 6, '7' 7, '8' 8, '9' 9, '10' 10)
set yrange [1.42857:8982.4]
set ytics ('2' 2, '5' 5, '10' 10, '20' 20, '50' 50, '100' 100, '200' 200, '500' 500, '1000' 1000, '2000' 2000, '5000' 5000)
plot 'qsa_series.dat' index 0 using 1:2 with linespoints pt 7 lc 1 title 'precision=fixed:8:4: measured bits', \
     'qsa_series.dat' index 0 using 1:3 with lines dt 2 lc 1 title 'precision=fixed:8:4: construction bits', \
     'qsa_series.dat' index 1 using 1:2 with linespoints pt 7 lc 2 title 'precision=fixed:12:8: measured bits', \
     'qsa_series.dat' index 1 using 1:3 with lines dt 2 lc 2 title 'precision=fixed:12:8: construction bits', \
     'qsa_series.dat' index 2 using 1:2 with linespoints pt 7 lc 3 title 'precision=fp16: measured bits', \
     'qsa_series.dat' index 2 using 1:3 with lines dt 2 lc 3 title 'precision=fp16: construction bits', \
     'qsa_series.dat' index 0 using 1:4 with linespoints pt 5 ps 0.8 lc rgb 'black' title 'lower bound', \
     'qsa_series.dat' index 1 using 1:4 with linespoints pt 5 ps 0.8 lc rgb 'black' notitle, \
     'qsa_series.dat' index 2 using 1:4 with linespoints pt 5 ps 0.8 lc rgb 'black' notitle
