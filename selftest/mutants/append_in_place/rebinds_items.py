# The learner rebinds the parameter: a new list, the caller's one untouched.
# expect: only makes the local name point at a new object
def append_in_place(items, x):
    items = items + [x]
