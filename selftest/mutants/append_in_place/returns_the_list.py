# Changes the list correctly but also returns it (list.append returns None).
# expect: returns None
def append_in_place(items, x):
    items.append(x)
    return items
