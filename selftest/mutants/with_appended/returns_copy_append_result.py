# Copies, then returns what append returns: None.
# expect: list.append changes a list and returns None
def with_appended(items, x):
    return items.copy().append(x)
