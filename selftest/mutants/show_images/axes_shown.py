# Leaves the ticks and axes visible.
# expect: hide the axes
def show_images(imgs, num_rows, num_cols, titles=None, scale=1.5):
    _, axes = pyplot().subplots(num_rows, num_cols, figsize=(num_cols * scale, num_rows * scale))
    axes = axes.flatten()
    for i, (ax, img) in enumerate(zip(axes, imgs)):
        ax.imshow(img.detach().cpu().numpy() if torch.is_tensor(img) else img)
        if titles:
            ax.set_title(titles[i])
    return axes
