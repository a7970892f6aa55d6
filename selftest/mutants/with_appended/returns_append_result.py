# Returns what list.append returns: None (and the caller's list changed).
# expect: returned None and changed the caller's list
def with_appended(items, x):
    return items.append(x)
