cc eq n=2 --sat maybe
