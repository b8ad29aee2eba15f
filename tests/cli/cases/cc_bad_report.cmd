cc eq n=2 --report html
