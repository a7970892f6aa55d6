# A new list by unpacking.
def with_appended(items, x):
    return [*items, x]
