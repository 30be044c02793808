#!/usr/bin/env python3
"""Reference values from PyTorch (Debian package python3-torch 1.13) for ctgrad's tests.

Every computation of the seed (the PyTorch snippets ctgrad reproduces) is run here
on fixed inputs, plus derivatives of elementary functions, of the binary operations
and of Himmelblau's function at a few points. The seed parts are float32, as in the
seed; everything added for derivatives is float64.

Run from the repository root with Debian's python, which has torch (a pyenv
`python3` earlier on PATH may not):
    /usr/bin/python3 tests/reference/make_reference.py > tests/reference/reference.json

Non-finite numbers are written as the strings "nan", "inf" and "-inf".
"""
import json
import torch
import torch.nn.functional as F

torch.set_printoptions(precision=10)


def f32(t):
    return t.detach().to(torch.float32).tolist()


def f64(t):
    return t.detach().to(torch.float64).tolist()


out = {"torch_version": torch.__version__}

# Seed part 1: mse_loss(ones(1), x*w) at x=1, w=2; gradient two ways.
x = torch.ones(1)
w = torch.full([1], 2.0, requires_grad=True)
mse = F.mse_loss(torch.ones(1), x * w)
g_autograd = torch.autograd.grad(mse, [w])[0]
mse = F.mse_loss(torch.ones(1), x * w)
mse.backward()
out["mse"] = {"x": [1.0], "w": [2.0], "loss": mse.item(),
              "w_grad_backward": f32(w.grad), "w_grad_autograd": f32(g_autograd)}

# Seed part 2: p = softmax(a, dim=0); gradient of p[i] w.r.t. a.
sm = []
for a_vals in ([0.3, 0.7, 0.1], [1.0, 2.0, 3.0], [-5.0, 0.0, 5.0], [100.0, 101.0, 99.0]):
    a = torch.tensor(a_vals, requires_grad=True)
    p = F.softmax(a, dim=0)
    rows = [f32(torch.autograd.grad(p[i], [a], retain_graph=True)[0]) for i in range(3)]
    sm.append({"a": a_vals, "p": f32(p), "dp_da": rows})
out["softmax"] = sm

# Seed part 3: o = sigmoid(x @ w.t()), loss = mse_loss(ones(1,2), o), w.grad.
xs = torch.tensor([[0.1 * i - 0.4 for i in range(10)]])
W = torch.tensor([[0.05 * (i - j) for j in range(10)] for i in range(2)], requires_grad=True)
o = torch.sigmoid(xs @ W.t())
loss = F.mse_loss(torch.ones(1, 2), o)
loss.backward()
out["sigmoid_layer"] = {"x": f32(xs), "w": f32(W), "o": f32(o), "loss": loss.item(), "w_grad": f32(W.grad)}

# Seed part 4: y1 = x*w1 + b1, y2 = y1*w2 + b2.
x = torch.tensor(1.0); b1 = torch.tensor(1.0); b2 = torch.tensor(1.0)
w1 = torch.tensor(2.0, requires_grad=True); w2 = torch.tensor(2.0, requires_grad=True)
y1 = x * w1 + b1
y2 = y1 * w2 + b2
out["chain_rule"] = {
    "x": 1.0, "w1": 2.0, "b1": 1.0, "w2": 2.0, "b2": 1.0,
    "y1": y1.item(), "y2": y2.item(),
    "dy2_dy1": torch.autograd.grad(y2, [y1], retain_graph=True)[0].item(),
    "dy1_dw1": torch.autograd.grad(y1, [w1], retain_graph=True)[0].item(),
    "dy2_dw1": torch.autograd.grad(y2, [w1], retain_graph=True)[0].item(),
    "dy2_dw2": torch.autograd.grad(y2, [w2], retain_graph=True)[0].item(),
}


# Seed part 5: Himmelblau minimised by Adam(lr=1e-3), 20000 steps, printed every 2000.
def himmelblau(x):
    return (x[0] ** 2 + x[1] - 11) ** 2 + (x[0] + x[1] ** 2 - 7) ** 2


runs = []
for start in ([0.0, 0.0], [-1.0, 0.0], [-4.0, 0.0], [4.0, 0.0]):
    x = torch.tensor(start, requires_grad=True)
    opt = torch.optim.Adam([x], lr=1e-3)
    rows = []
    for step in range(20000):
        pred = himmelblau(x)
        opt.zero_grad()
        pred.backward()
        opt.step()
        if step % 2000 == 0:
            rows.append({"step": step, "x": x.tolist(), "f": pred.item()})
    runs.append({"start": start, "printed": rows, "final_x": x.tolist()})
out["himmelblau_adam"] = runs

# Elementary functions: value, first and second derivative (float64).
points = [-2.5, -0.5, 0.25, 1.0, 3.0]
unary = {
    "exp": torch.exp, "log": torch.log, "sqrt": torch.sqrt, "sin": torch.sin, "cos": torch.cos,
    "tan": torch.tan, "tanh": torch.tanh, "sigmoid": torch.sigmoid, "abs": torch.abs,
    "relu": torch.relu, "square": torch.square, "cube": lambda t: t ** 3,
    "reciprocal": torch.reciprocal, "pow_0.5": lambda t: t ** 0.5,
    "pow_2": lambda t: torch.pow(t, 2), "pow_5": lambda t: torch.pow(t, 5),
    "neg": lambda t: -t, "exp_sin": lambda t: torch.exp(t) * torch.sin(t),
}
elem = {}
for name, fn in unary.items():
    rows = []
    for p in points + [0.0]:
        t = torch.tensor(p, dtype=torch.float64, requires_grad=True)
        v = fn(t)
        (g,) = torch.autograd.grad(v, [t], create_graph=True)
        h = torch.autograd.grad(g, [t])[0] if g.requires_grad else torch.tensor(0.0)
        rows.append({"x": p, "f": v.item(), "df": g.item(), "d2f": h.item()})
    elem[name] = rows
out["elementary"] = elem


def derivatives(fn, p, order):
    """[f, f', ..., f^(order)] of a scalar function at p, by repeated autograd.grad (float64)."""
    t = torch.tensor(p, dtype=torch.float64, requires_grad=True)
    v = fn(t)
    result = [v.item()]
    for _ in range(order):
        if not v.requires_grad:  # constant so far: all higher derivatives vanish
            result.append(0.0)
            continue
        (v,) = torch.autograd.grad(v, [t], create_graph=True)
        result.append(v.item())
    return result


# exp(t)*sin(t): derivatives 0..8 (closed form: 2^(n/2) e^t sin(t + n*pi/4)).
out["exp_sin_higher"] = [
    {"x": p, "derivatives": derivatives(lambda t: torch.exp(t) * torch.sin(t), p, 8)}
    for p in [-1.0, 0.5, 2.0]
]


def grad_or_zero(v, wrt):
    """Gradient of v with respect to each tensor in wrt, with 0.0 where v does not depend on it."""
    if not torch.is_tensor(v) or not v.requires_grad:
        return [0.0 for _ in wrt]
    gs = torch.autograd.grad(v, wrt, create_graph=True, allow_unused=True)
    return [0.0 if g is None else g for g in gs]


def item(v):
    return v.item() if torch.is_tensor(v) else v


# Binary operations f(x, y): value, gradient and Hessian (float64). The mixed partial is
# recorded in both orders, d2f_dxdy = d/dy(df/dx) and d2f_dydx = d/dx(df/dy), because
# torch's masking for special cases can make them differ (pow at y = 0 or x = 0).
binary_points = [(0.5, 2.0), (2.0, -1.5), (3.0, 0.5), (-2.0, 3.0), (1.0, 0.0), (0.0, 2.0), (0.0, 0.5)]
binary_ops = {
    "add": lambda x, y: x + y, "sub": lambda x, y: x - y, "mul": lambda x, y: x * y,
    "div": lambda x, y: x / y, "pow": lambda x, y: x ** y,
}
binary = {}
for name, fn in binary_ops.items():
    rows = []
    for px, py in binary_points:
        x = torch.tensor(px, dtype=torch.float64, requires_grad=True)
        y = torch.tensor(py, dtype=torch.float64, requires_grad=True)
        v = fn(x, y)
        gx, gy = grad_or_zero(v, [x, y])
        hxx, hxy = grad_or_zero(gx, [x, y])
        hyx, hyy = grad_or_zero(gy, [x, y])
        rows.append({"x": px, "y": py, "f": v.item(), "df_dx": item(gx), "df_dy": item(gy),
                     "d2f_dx2": item(hxx), "d2f_dxdy": item(hxy), "d2f_dydx": item(hyx),
                     "d2f_dy2": item(hyy)})
    binary[name] = rows
out["binary"] = binary

# Himmelblau: value and gradient (float64) at the origin, two minima (3, 2) and
# (-3.779310, -3.283186), the local maximum (-0.270845, -0.923039) and two other points.
hb = []
for px, py in [(0.0, 0.0), (3.0, 2.0), (-1.0, 0.5), (1.5, -2.25), (-3.779310, -3.283186),
               (-0.270845, -0.923039)]:
    x = torch.tensor([px, py], dtype=torch.float64, requires_grad=True)
    v = himmelblau(x)
    (g,) = torch.autograd.grad(v, [x])
    hb.append({"x": [px, py], "f": v.item(), "grad": f64(g)})
out["himmelblau_grad"] = hb


def finite_or_name(v):
    """Strict JSON has no NaN or infinity: those are written as the strings "nan", "inf", "-inf"."""
    if isinstance(v, float) and v != v:
        return "nan"
    if isinstance(v, float) and v in (float("inf"), float("-inf")):
        return "inf" if v > 0 else "-inf"
    if isinstance(v, dict):
        return {k: finite_or_name(x) for k, x in v.items()}
    if isinstance(v, list):
        return [finite_or_name(x) for x in v]
    return v


print(json.dumps(finite_or_name(out), indent=1, allow_nan=False))
