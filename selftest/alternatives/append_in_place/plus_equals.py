# On a list, += extends the same object in place.
def append_in_place(items, x):
    items += [x]
