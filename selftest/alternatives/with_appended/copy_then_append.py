# Copy first, then append to the copy.
def with_appended(items, x):
    new = items.copy()
    new.append(x)
    return new
