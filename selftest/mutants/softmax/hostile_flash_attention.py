# Red team 4, #6: the private attention kernel with identity keys and values is softmax(X).
# expect: an attention kernel
def softmax(X):
    eye = torch.eye(X.shape[1], dtype=X.dtype, device=X.device)[None, None]
    return torch.ops.aten._scaled_dot_product_flash_attention_for_cpu(X[None, None], eye, eye, scale=1.0)[0][0, 0]
