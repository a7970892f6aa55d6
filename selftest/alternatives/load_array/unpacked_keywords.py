# Unpacks the pair and passes keywords.
def load_array(data_arrays, batch_size, is_train=True):
    features, labels = data_arrays
    return data.DataLoader(data.TensorDataset(features, labels), batch_size=batch_size, shuffle=is_train)
