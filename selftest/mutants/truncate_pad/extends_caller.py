# The caller's list padded in place.
# expect: changed the line passed in
def truncate_pad(line, num_steps, padding_token):
    if len(line) > num_steps:
        return line[:num_steps]
    line += [padding_token] * (num_steps - len(line))
    return line
