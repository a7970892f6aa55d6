# The ends are not stripped: the newline becomes a trailing space.
# expect: strip the spaces at both ends
def read_time_machine():
    with open(download("time_machine")) as f:
        lines = f.readlines()
    return [re.sub("[^A-Za-z]+", " ", line).lower() for line in lines]
