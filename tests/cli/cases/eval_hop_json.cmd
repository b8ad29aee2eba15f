eval hop --report json
