# is_available() says there is a GPU, not that GPU i exists.
# expect: torch.cuda.is_available() says nothing about i
def try_gpu(i=0):
    if torch.cuda.is_available():
        return torch.device(f"cuda:{i}")
    return torch.device("cpu")
