# d2l's annotate, as the book prints it (d2l.plt is pyplot()).
def annotate(text, xy, xytext):
    pyplot().gca().annotate(text, xy=xy, xytext=xytext,
                            arrowprops=dict(arrowstyle='->'))
