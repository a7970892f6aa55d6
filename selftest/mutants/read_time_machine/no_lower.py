# Upper case kept: 'The' and 'the' become two tokens.
# expect: lower the case
def read_time_machine():
    with open(download("time_machine")) as f:
        lines = f.readlines()
    return [re.sub("[^A-Za-z]+", " ", line).strip() for line in lines]
