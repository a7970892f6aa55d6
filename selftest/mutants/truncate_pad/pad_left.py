# Padding put before the sentence.
# expect: pad on the right
def truncate_pad(line, num_steps, padding_token):
    if len(line) > num_steps:
        return line[:num_steps]
    return [padding_token] * (num_steps - len(line)) + line
