# Returns a new list instead of changing the caller's.
# expect: caller's list is unchanged
def append_in_place(items, x):
    return items + [x]
