# The points use f but the curve underneath is a flat line at 0, not f over f_line.
# expect: curve is not f over its x values
def show_trace(results, f):
    plt = pyplot()
    n = max(abs(min(results)), abs(max(results)))
    f_line = torch.arange(-n, n, 0.01)
    plt.figure(figsize=(3.5, 2.5))
    plt.plot(f_line, [0.0 for x in f_line], "-")
    plt.plot(results, [float(f(torch.tensor(x))) for x in results], "-o")
