# Each non-letter becomes a space: runs leave several.
# expect: replace each run of non-letters by one space
def read_time_machine():
    with open(download("time_machine")) as f:
        lines = f.readlines()
    return [re.sub("[^A-Za-z]", " ", line).strip().lower() for line in lines]
