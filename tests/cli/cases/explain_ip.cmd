explain ip
