# Appends to the caller's list, then returns it.
# expect: changed the caller's list
def with_appended(items, x):
    items.append(x)
    return items
