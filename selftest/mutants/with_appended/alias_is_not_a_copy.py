# Believes `new = items` copies the list.
# expect: = does not copy
def with_appended(items, x):
    new = items
    new.append(x)
    return new
