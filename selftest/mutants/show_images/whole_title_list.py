# Every axes gets the whole list of titles.
# expect: give each image its own title, ax.set_title(titles[i])
def show_images(imgs, num_rows, num_cols, titles=None, scale=1.5):
    _, axes = pyplot().subplots(num_rows, num_cols, figsize=(num_cols * scale, num_rows * scale))
    axes = axes.flatten()
    for ax, img in zip(axes, imgs):
        ax.imshow(img.detach().cpu().numpy() if torch.is_tensor(img) else img)
        ax.axes.get_xaxis().set_visible(False)
        ax.axes.get_yaxis().set_visible(False)
        if titles:
            ax.set_title(titles)
    return axes
