# d2l's open() without an encoding: the locale's, which fails on Windows.
# expect: encoding='utf-8'
def read_data_nmt():
    data_dir = download_extract('fra-eng')
    with open(os.path.join(data_dir, 'fra.txt'), 'r') as f:
        return f.read()
