# Empty lines are dropped.
# expect: keep every line
def read_time_machine():
    with open(download("time_machine")) as f:
        lines = f.readlines()
    return [re.sub("[^A-Za-z]+", " ", line).strip().lower() for line in lines if line.strip()]
