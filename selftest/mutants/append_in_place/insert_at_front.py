# insert(0, x) puts x first.
# expect: append adds at the end
def append_in_place(items, x):
    items.insert(0, x)
