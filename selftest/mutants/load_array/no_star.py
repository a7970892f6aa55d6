# TensorDataset(data_arrays): the tuple itself, not its tensors.
# expect: data.TensorDataset(*data_arrays) needs the *
def load_array(data_arrays, batch_size, is_train=True):
    dataset = data.TensorDataset(data_arrays)
    return data.DataLoader(dataset, batch_size, shuffle=is_train)
