# Slice assignment changes the list object itself.
def append_in_place(items, x):
    items[len(items):] = [x]
