# batch_size never reaches the DataLoader: batches of one.
# expect: the DataLoader's default is 1
def load_array(data_arrays, batch_size, is_train=True):
    dataset = data.TensorDataset(*data_arrays)
    return data.DataLoader(dataset, shuffle=is_train)
