# The end of a long sentence kept instead of its beginning.
# expect: keep the first num_steps tokens
def truncate_pad(line, num_steps, padding_token):
    if len(line) > num_steps:
        return line[-num_steps:]
    return line + [padding_token] * (num_steps - len(line))
