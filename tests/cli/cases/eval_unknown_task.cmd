eval qsb
