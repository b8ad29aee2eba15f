eval match2 --help
