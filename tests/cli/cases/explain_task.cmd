explain match3
