# items += [x] extends the caller's list in place.
# expect: changed the caller's list
def with_appended(items, x):
    items += [x]
    return items
