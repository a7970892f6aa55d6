# items += x with an int x: += extends by the elements of x.
# expect: items.append(x) (or items += [x])
def append_in_place(items, x):
    items += x
