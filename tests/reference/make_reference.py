#!/usr/bin/env python3
"""Reference values from PyTorch (Debian package python3-torch 1.13) for ctgrad's tests.

Every computation of the seed (the PyTorch snippets ctgrad reproduces) is run here
on fixed inputs, plus derivatives of elementary functions, of the binary operations
and of Himmelblau's function at a few points. The seed parts are float32, as in the
seed; everything added for derivatives is float64. After those come float32 references
for tensor operations (log_softmax, 2-D softmax, reductions, matmul), losses (mse
reductions, cross_entropy, binary_cross_entropy), a small MLP and Adam/SGD variants on
Himmelblau's function, Black-Scholes, slicing and a long sum (float64); each key's layout is
in a comment next to its code.

Run from the repository root with Debian's python, which has torch (a pyenv
`python3` earlier on PATH may not):
    /usr/bin/python3 tests/reference/make_reference.py > tests/reference/reference.json

Non-finite numbers are written as the strings "nan", "inf" and "-inf".
"""
import json
import math
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
    "reciprocal": torch.reciprocal, "rsqrt": torch.rsqrt, "pow_0.5": lambda t: t ** 0.5,
    "pow_2": lambda t: torch.pow(t, 2), "pow_5": lambda t: torch.pow(t, 5),
    "neg": lambda t: -t, "exp_sin": lambda t: torch.exp(t) * torch.sin(t),
}
# Activations (operations/activations.hpp), also where softplus switches to x (-30 and 25).
activations = {
    "log1p": torch.log1p, "expm1": torch.expm1, "softplus": F.softplus,
    "softplus_beta2_threshold10": lambda t: F.softplus(t, beta=2, threshold=10),
    "silu": F.silu, "logsigmoid": F.logsigmoid, "elu": F.elu,
    "elu_alpha0.5": lambda t: F.elu(t, alpha=0.5), "selu": F.selu, "leaky_relu": F.leaky_relu,
    "leaky_relu_0.2": lambda t: F.leaky_relu(t, 0.2), "hardtanh": F.hardtanh,
    "hardtanh_-2_3": lambda t: F.hardtanh(t, -2.0, 3.0), "mish": F.mish,
    "gelu_tanh": lambda t: F.gelu(t, approximate="tanh"), "gelu": F.gelu,
}
# Functions added with #29, also inside the domains of the inverse functions (-1, 1) and [1, inf).
functions = {
    "erf": torch.erf, "erfc": torch.erfc, "exp2": torch.exp2, "log2": torch.log2,
    "log10": torch.log10, "sinh": torch.sinh, "cosh": torch.cosh, "asinh": torch.asinh,
    "acosh": torch.acosh, "atanh": torch.atanh, "atan": torch.atan, "asin": torch.asin,
    "acos": torch.acos,
}
elem = {}
for name, fn in list(unary.items()) + list(activations.items()) + list(functions.items()):
    rows = []
    extra = [-30.0, 25.0] if name in activations else []
    extra += [-0.75, 0.5, 0.9, 1.5, 6.0] if name in functions else []
    for p in points + [0.0] + extra:
        t = torch.tensor(p, dtype=torch.float64, requires_grad=True)
        v = fn(t)
        (g,) = torch.autograd.grad(v, [t], create_graph=True)
        h = torch.autograd.grad(g, [t])[0] if g.requires_grad else torch.tensor(0.0)
        if name == "logsigmoid":
            # PyTorch's double backward of logsigmoid loses digits for large x (-1.3888001859e-11
            # at 25, where the exact value is -1.3887943865e-11): its closed form instead.
            h = -(torch.sigmoid(t) * torch.sigmoid(-t))
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
# recorded in both orders, d2f_dxdy = d/dy(df/dx) and d2f_dydx = d/dx(df/dy).
# The last two points are ties, for the subgradients of maximum, minimum, where and clamp.
binary_points = [(0.5, 2.0), (2.0, -1.5), (3.0, 0.5), (-2.0, 3.0), (1.0, 0.0), (0.0, 2.0), (0.0, 0.5),
                 (1.5, 1.5), (-1.0, 0.5)]
binary_ops = {
    "add": lambda x, y: x + y, "sub": lambda x, y: x - y, "mul": lambda x, y: x * y,
    "div": lambda x, y: x / y, "pow": lambda x, y: x ** y,
    "maximum": torch.maximum, "minimum": torch.minimum,
    # where with each comparison, the branches depending on both variables
    "where_gt": lambda x, y: torch.where(x > y, x * y, x - y),
    "where_le": lambda x, y: torch.where(x <= y, x * x, y * y * y),
    "where_ge_lt": lambda x, y: torch.where(x >= y, torch.exp(x), x * y) * torch.where(x < y, y, x),
    "clamp": lambda x, y: torch.clamp(x, torch.tensor(-1.0, dtype=torch.float64), y),
    "clamp_min": lambda x, y: torch.clamp(x * y, min=torch.tensor(-1.0, dtype=torch.float64)),
    "clamp_max": lambda x, y: torch.clamp(x, max=y),
    "atan2": torch.atan2, "hypot": torch.hypot,
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
        if name == "pow" and py == 0 and px > 0:
            # PyTorch masks pow's base derivative to 0 where the exponent is 0, so its d/dy of
            # df/dx is 0 there although the mixed partial is 1: take the second derivatives of the
            # same function written exp(y * log(x)), which nothing masks.
            x2 = torch.tensor(px, dtype=torch.float64, requires_grad=True)
            y2 = torch.tensor(py, dtype=torch.float64, requires_grad=True)
            gx2, gy2 = grad_or_zero(torch.exp(y2 * torch.log(x2)), [x2, y2])
            hxx, hxy = grad_or_zero(gx2, [x2, y2])
            hyx, hyy = grad_or_zero(gy2, [x2, y2])
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


# ---------------------------------------------------------------------------------------
# Tensor operations, losses, a small MLP and optimizer variants (all float32).
# ---------------------------------------------------------------------------------------


def jacobian_rows(p, a):
    """Row i is the gradient of p[i] with respect to a (p is 1-D)."""
    return [f32(torch.autograd.grad(p[i], [a], retain_graph=True)[0]) for i in range(p.numel())]


def grads(v, wrt):
    """Gradients of the scalar v with respect to each tensor in wrt, as float32 lists."""
    return [f32(g) for g in torch.autograd.grad(v, wrt)]


def param(values):
    return torch.tensor(values, requires_grad=True)


# log_softmax: {"vectors": [{"a", "p", "dp_da"}] (1-D, dim 0, dp_da[i] = grad of p[i]),
#               "matrix": {"a", "dim": 1, "p", "grad_of_sum_of_squares" (grad of (p**2).sum())}}
a2d = [[0.1, 0.2, 0.3], [1.0, -1.0, 0.5]]
vectors = []
for a_vals in ([0.3, 0.7, 0.1], [1.0, 2.0, 3.0], [-5.0, 0.0, 5.0], [100.0, 101.0, 99.0]):
    a = param(a_vals)
    p = F.log_softmax(a, dim=0)
    vectors.append({"a": a_vals, "p": f32(p), "dp_da": jacobian_rows(p, a)})
a = param(a2d)
p = F.log_softmax(a, dim=1)
out["log_softmax"] = {"vectors": vectors, "matrix": {
    "a": a2d, "dim": 1, "p": f32(p), "grad_of_sum_of_squares": grads((p ** 2).sum(), [a])[0]}}

# softmax_2d: [{"a", "dim", "w", "p", "grad_of_weighted_sum" (grad of (p*w).sum())}] for dim 1, 0.
w2d = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
rows = []
for dim in (1, 0):
    a = param(a2d)
    p = F.softmax(a, dim=dim)
    rows.append({"a": a2d, "dim": dim, "w": w2d, "p": f32(p),
                 "grad_of_weighted_sum": grads((p * torch.tensor(w2d)).sum(), [a])[0]})
out["softmax_2d"] = rows

# reductions: [{"op": "sum"|"mean", "dim": 0|1|null, "t", "reduced", "value" ((reduced**2).sum()),
#               "grad" (of value w.r.t. t)}]; dim null is the full reduction to a scalar.
t_vals = [[1.0, -2.0, 3.0], [0.5, 4.0, -1.0]]
rows = []
for op in ("sum", "mean"):
    for dim in (0, 1, None):
        t = param(t_vals)
        r = getattr(t, op)() if dim is None else getattr(t, op)(dim=dim)
        v = (r ** 2).sum()
        rows.append({"op": op, "dim": dim, "t": t_vals, "reduced": f32(r), "value": v.item(),
                     "grad": grads(v, [t])[0]})
out["reductions"] = rows


# matmul: {"a", "b", "c" (a @ b), "loss" ((c**2).sum()), "grad_a", "grad_b"};
# matmul_transposed: the same with c = a @ b.t() (b is 2x3).
def matmul_case(b_vals, transpose):
    a = (torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]) * 0.1).requires_grad_()
    b = (torch.tensor(b_vals) * 0.1).requires_grad_()
    c = a @ (b.t() if transpose else b)
    loss = (c ** 2).sum()
    ga, gb = grads(loss, [a, b])
    return {"a": f32(a), "b": f32(b), "c": f32(c), "loss": loss.item(), "grad_a": ga, "grad_b": gb}


out["matmul"] = matmul_case([[1.0, -1.0], [0.5, 2.0], [-3.0, 1.0]], transpose=False)
out["matmul_transposed"] = matmul_case([[1.0, 0.5, -3.0], [-1.0, 2.0, 1.0]], transpose=True)

# mse_reductions: [{"reduction", "input", "target", "loss", "grad_input"}] for mean, sum, none;
# for none "loss" is the 2x2 list and "grad_input" the gradient of loss.sum().
mse_in = [[0.1, 0.5], [0.9, -0.3]]
mse_target = [[0.0, 1.0], [1.0, 0.0]]
rows = []
for reduction in ("mean", "sum", "none"):
    inp = param(mse_in)
    loss = F.mse_loss(inp, torch.tensor(mse_target), reduction=reduction)
    rows.append({"reduction": reduction, "input": f32(inp), "target": mse_target, "loss": f32(loss),
                 "grad_input": grads(loss.sum(), [inp])[0]})
out["mse_reductions"] = rows


def loss_case(fn, inp_vals, target, reduction, inp_name, target_json):
    """{"reduction", inp_name, "target", "loss", "grad_" + inp_name} of fn(input, target)."""
    inp = param(inp_vals)
    loss = fn(inp, target, reduction=reduction)
    return {"reduction": reduction, inp_name: f32(inp), "target": target_json, "loss": loss.item(),
            "grad_" + inp_name: grads(loss, [inp])[0]}


# cross_entropy: [{"reduction", "target_type": "class_index"|"probability", "logits", "target",
#                  "loss", "grad_logits"}]; class indices with mean and sum, then a 3x4
#                  probability target (softmax of fixed rows, float32) with mean.
logits = [[1.0, 2.0, 0.5, -1.0], [0.1, 0.2, 0.3, 0.4], [5.0, -5.0, 0.0, 2.0]]
classes = [1, 3, 0]
probs = F.softmax(torch.tensor([[0.0, 1.0, 0.0, 0.0], [0.5, 0.5, 0.0, 0.0], [1.0, 1.0, 1.0, 1.0]]), dim=1)
rows = []
for reduction in ("mean", "sum"):
    rows.append({"target_type": "class_index", **loss_case(
        F.cross_entropy, logits, torch.tensor(classes, dtype=torch.int64), reduction, "logits", classes)})
rows.append({"target_type": "probability",
             **loss_case(F.cross_entropy, logits, probs, "mean", "logits", f32(probs))})
out["cross_entropy"] = rows

# binary_cross_entropy: [{"reduction", "input", "target", "loss", "grad_input"}], mean and sum for
# five probabilities, then mean and sum for inputs exactly 0 and 1 (PyTorch clamps log at -100,
# and its backward divides by max(x*(1-x), 1e-12)).
rows = []
bce_cases = (([0.1, 0.5, 0.9, 0.999, 1e-8], [0.0, 1.0, 1.0, 0.0, 1.0]), ([0.0, 1.0], [1.0, 0.0]))
for inp_vals, target in bce_cases:
    for reduction in ("mean", "sum"):
        rows.append(loss_case(F.binary_cross_entropy, inp_vals, torch.tensor(target), reduction,
                              "input", target))
out["binary_cross_entropy"] = rows


# mlp: h = tanh(x @ w1 + b1), out = sigmoid(h @ w2 + b2), loss = mse_loss(out, target):
#      {"x", "w1", "b1", "w2", "b2", "target", "out", "loss", "grad_w1", "grad_b1", "grad_w2", "grad_b2"}.
# mlp_softmax_ce: the same layers, logits = h @ w2 + b2, loss = cross_entropy(logits, target)
#      with class-index target [0, 1, 1, 0]; the same keys with "logits" instead of "out".
def mlp_case(head, target, target_json, out_name):
    x = torch.tensor([[0.1 * (i + j) - 0.3 for j in range(3)] for i in range(4)])
    w1 = torch.linspace(-0.5, 0.5, 15).reshape(3, 5).requires_grad_()
    b1 = torch.linspace(-0.1, 0.1, 5).requires_grad_()
    w2 = torch.linspace(0.3, -0.3, 10).reshape(5, 2).requires_grad_()
    b2 = param([0.05, -0.05])
    h = torch.tanh(x @ w1 + b1)
    y, loss = head(h @ w2 + b2, target)
    g = grads(loss, [w1, b1, w2, b2])
    return {"x": f32(x), "w1": f32(w1), "b1": f32(b1), "w2": f32(w2), "b2": f32(b2),
            "target": target_json, out_name: f32(y), "loss": loss.item(),
            "grad_w1": g[0], "grad_b1": g[1], "grad_w2": g[2], "grad_b2": g[3]}


def sigmoid_mse(z, target):
    o = torch.sigmoid(z)
    return o, F.mse_loss(o, target)


mlp_target = [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [0.0, 0.0]]
out["mlp"] = mlp_case(sigmoid_mse, torch.tensor(mlp_target), mlp_target, "out")
out["mlp_softmax_ce"] = mlp_case(lambda z, t: (z, F.cross_entropy(z, t)),
                                 torch.tensor([0, 1, 1, 0]), [0, 1, 1, 0], "logits")


# Optimizer variants on Himmelblau (float32), PyTorch's single-tensor implementation
# (foreach=False). Each run: {"options" (every algorithmic option, defaults included),
# "start", "steps", "printed": [{"step", "x" (after the step), "f" (before it)}], "final_x"},
# printed at steps 0, 1, 2, 10, 100, 500 and steps - 1 (those below steps).
def optimizer_run(cls, options, start=(0.0, 0.0), steps=1000):
    x = torch.tensor(list(start), requires_grad=True)
    opt = cls([x], foreach=False, **options)
    record = {0, 1, 2, 10, 100, 500, steps - 1}
    rows = []
    for step in range(steps):
        pred = himmelblau(x)
        opt.zero_grad()
        pred.backward()
        opt.step()
        if step in record:
            rows.append({"step": step, "x": x.tolist(), "f": pred.item()})
    implementation = ("params", "foreach", "capturable", "differentiable", "fused")
    used = {k: option_json(v) for k, v in opt.param_groups[0].items() if k not in implementation}
    return {"options": used, "start": list(start), "steps": steps, "printed": rows, "final_x": x.tolist()}


def option_json(v):
    """Optimizer option as JSON: tuples (betas) as lists, integer defaults (0) as floats, bools kept."""
    if isinstance(v, tuple):
        return [float(b) for b in v]
    return float(v) if type(v) is int else v


# adam_variants: runs of torch.optim.Adam; options are lr, betas, eps, weight_decay, amsgrad, maximize.
out["adam_variants"] = [
    optimizer_run(torch.optim.Adam, {"lr": 1e-2, "weight_decay": 0.1}),
    optimizer_run(torch.optim.Adam, {"lr": 1e-2, "amsgrad": True}),
    optimizer_run(torch.optim.Adam, {"lr": 1e-2, "maximize": True}, start=(0.5, 0.5), steps=200),
    optimizer_run(torch.optim.Adam, {"lr": 1e-2, "betas": (0.8, 0.99), "eps": 1e-6}),
    optimizer_run(torch.optim.Adam, {"lr": 1e-2, "weight_decay": 0.1, "amsgrad": True, "maximize": True},
                  start=(0.5, 0.5), steps=200),
]

# sgd_variants: runs of torch.optim.SGD; options are lr, momentum, dampening, weight_decay,
# nesterov, maximize.
out["sgd_variants"] = [
    optimizer_run(torch.optim.SGD, {"lr": 1e-3}),
    optimizer_run(torch.optim.SGD, {"lr": 1e-3, "momentum": 0.9}),
    optimizer_run(torch.optim.SGD, {"lr": 1e-3, "momentum": 0.9, "dampening": 0.1}),
    optimizer_run(torch.optim.SGD, {"lr": 1e-3, "momentum": 0.9, "nesterov": True}),
    optimizer_run(torch.optim.SGD, {"lr": 1e-3, "weight_decay": 0.01, "momentum": 0.5}),
    optimizer_run(torch.optim.SGD, {"lr": 1e-4, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01,
                                    "maximize": True}, start=(0.5, 0.5), steps=200),
]


# black_scholes (float64): a European call's price by Black-Scholes, the normal distribution
# function by erfc (as examples/black_scholes.hpp), and its gradient by (S, K, t, r, sigma):
# [{"p": [S, K, t, r, sigma], "price", "grad"}]. black_scholes_abramowitz_stegun: the same with
# the CDF of Abramowitz and Stegun 26.2.17, written with sign(d) as the example's second price.
def normal_cdf(d):
    return 0.5 * torch.erfc(-d / math.sqrt(2.0))


def abramowitz_stegun_cdf(d):
    u = 1 / (1 + 0.2316419 * torch.abs(d))
    poly = u * (0.319381530 + u * (-0.356563782 + u * (1.781477937 + u * (-1.821255978
                                                                          + u * 1.330274429))))
    q = 0.3989422804014327 * torch.exp(-0.5 * d ** 2) * poly
    return 0.5 + torch.sign(d) * (0.5 - q)


def black_scholes(S, K, t, r, sigma, cdf=normal_cdf):
    vol = sigma * torch.sqrt(t)
    d1 = (torch.log(S / K) + (r + 0.5 * sigma ** 2) * t) / vol
    d2 = d1 - vol
    return S * cdf(d1) - K * torch.exp(-r * t) * cdf(d2)


for key, cdf in (("black_scholes", normal_cdf),
                 ("black_scholes_abramowitz_stegun", abramowitz_stegun_cdf)):
    bs = []
    for point in [(100.0, 100.0, 1.0, 0.05, 0.2), (90.0, 110.0, 0.5, 0.01, 0.35),
                  (120.0, 80.0, 2.0, 0.03, 0.15)]:
        inputs = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in point]
        price = black_scholes(*inputs, cdf=cdf)
        bs.append({"p": list(point), "price": price.item(),
                   "grad": [g.item() for g in torch.autograd.grad(price, inputs)]})
    out[key] = bs


# slicing (float64): x[1:7:2] and x[0:6:2] of a 7-vector, f = sum(softmax(x[1:7:2], 0) * x[0:6:2]),
# and Rosenbrock over z[0::2] and z[1::2] of an 8-vector: {"x", "f", "df_dx", "z",
# "rosenbrock", "drosenbrock_dz"}.
x = torch.tensor([0.5, -1.25, 2.0, 0.75, -0.5, 1.5, 3.0], dtype=torch.float64, requires_grad=True)
f = (torch.softmax(x[1:7:2], 0) * x[0:6:2]).sum()
z = torch.tensor([0.5, 1.2, -0.3, 0.8, 1.1, 0.9, -1.0, 2.0], dtype=torch.float64,
                 requires_grad=True)
a, b = z[0::2], z[1::2]
rosenbrock = (100 * (a ** 2 - b) ** 2 + (1 - a) ** 2).sum()
out["slicing"] = {"x": x.tolist(), "f": f.item(), "df_dx": torch.autograd.grad(f, x)[0].tolist(),
                  "z": z.tolist(), "rosenbrock": rosenbrock.item(),
                  "drosenbrock_dz": torch.autograd.grad(rosenbrock, z)[0].tolist()}


# long_sum (float64): a scalar sum of 43 terms written one after the other, as a fold of + builds it:
# the extended Rosenbrock function of the 40-vector z, then - y * z[0] - 3 + sin(y):
# {"z", "y", "f", "df_dz", "df_dy"}.
z = torch.tensor([round(0.9 * math.sin(1.3 * i) + 0.25, 4) for i in range(40)], dtype=torch.float64,
                 requires_grad=True)
y = torch.tensor(0.7, dtype=torch.float64, requires_grad=True)
f = 100 * (z[0] ** 2 - z[1]) ** 2 + (1 - z[0]) ** 2
for i in range(1, 20):
    f = f + 100 * (z[2 * i] ** 2 - z[2 * i + 1]) ** 2
    f = f + (1 - z[2 * i]) ** 2
f = f - y * z[0] - 3 + torch.sin(y)
df_dz, df_dy = torch.autograd.grad(f, [z, y])
out["long_sum"] = {"z": z.tolist(), "y": y.item(), "f": f.item(), "df_dz": df_dz.tolist(),
                   "df_dy": df_dy.item()}

# examples/custom_operation.cpp: softsign and its derivative (float64), and the gradient of
# sum(softsign(v)).
ss_x = torch.tensor([-3.0, -0.5, 0.0, 1.5, 25.0], dtype=torch.float64, requires_grad=True)
ss = F.softsign(ss_x)
(ss_grad,) = torch.autograd.grad(ss.sum(), [ss_x])
ss_v = torch.tensor([-3.0, 0.0, 1.5], dtype=torch.float64, requires_grad=True)
(ss_sum_grad,) = torch.autograd.grad(F.softsign(ss_v).sum(), [ss_v])
out["custom_operation"] = {"x": ss_x.tolist(), "softsign": ss.tolist(),
                           "dsoftsign_dx": ss_grad.tolist(), "sum_grad": ss_sum_grad.tolist()}

# examples/threads.cpp: the gradient by a and b of the summed squared error of a x + b against y
# over 100000 points (float64), which the example computes on one thread and on four.
th_n = 100000
th_i = torch.arange(th_n, dtype=torch.float64)
th_x = -1 + 2 * th_i / (th_n - 1)
th_y = 3 * th_x - 2 + 0.1 * torch.sin(7.0 * th_i)
th_a = torch.tensor(0.5, dtype=torch.float64, requires_grad=True)
th_b = torch.tensor(0.25, dtype=torch.float64, requires_grad=True)
th_da, th_db = torch.autograd.grad(((th_a * th_x + th_b - th_y) ** 2).sum(), [th_a, th_b])
out["threads"] = {"one_thread": [th_da.item(), th_db.item()],
                  "four_threads": [th_da.item(), th_db.item()]}

# hessian_test.cpp (float64): torch.autograd.functional.hessian of a function of two scalars and of
# a function of a 3-vector, and hvp of the latter in direction u.
def hs_scalar(x, y):
    return x ** 2 * y + torch.sin(y) * x + torch.exp(x * y)


def hs_vector(v):
    return (torch.exp(v) * v).sum() + v.sum() ** 2 + v[0] * v[1] * v[2]


hs_xy = (torch.tensor(0.5, dtype=torch.float64), torch.tensor(-1.2, dtype=torch.float64))
hs_v = torch.tensor([0.1, 0.2, 0.3], dtype=torch.float64)
hs_u = torch.tensor([1.0, -2.0, 0.5], dtype=torch.float64)
hs_h2 = torch.autograd.functional.hessian(hs_scalar, hs_xy)
hs_hv = torch.autograd.functional.hessian(hs_vector, hs_v)
out["hessian"] = {
    "x": hs_xy[0].item(), "y": hs_xy[1].item(),
    "scalar_hessian": [[hs_h2[i][j].item() for j in range(2)] for i in range(2)],
    "v": hs_v.tolist(), "u": hs_u.tolist(), "vector_hessian": hs_hv.tolist(),
    "hvp": torch.autograd.functional.hvp(hs_vector, hs_v, hs_u)[1].tolist()}
# constant_tensor (constant_tensor_test.cpp, float64): constant tensors inside expressions:
# f = sum(softmax(v) * c) with c = [1, 2, 3], and g = sum((w @ x - t) ** 2) with a constant x
# (3x1) and target t (2x1); values and gradients.
ct_v = torch.tensor([0.1, -0.7, 1.3], dtype=torch.float64, requires_grad=True)
ct_f = (torch.softmax(ct_v, 0) * torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)).sum()
ct_w = torch.tensor([[0.2, -0.5, 0.9], [1.1, 0.3, -0.4]], dtype=torch.float64, requires_grad=True)
ct_x = torch.tensor([[0.5], [-1.5], [2.0]], dtype=torch.float64)
ct_t = torch.tensor([[1.0], [-2.0]], dtype=torch.float64)
ct_g = ((ct_w @ ct_x - ct_t) ** 2).sum()
out["constant_tensor"] = {
    "v": ct_v.tolist(), "f": ct_f.item(), "df_dv": torch.autograd.grad(ct_f, [ct_v])[0].tolist(),
    "w": ct_w.tolist(), "x": ct_x.flatten().tolist(), "t": ct_t.flatten().tolist(),
    "g": ct_g.item(), "dg_dw": torch.autograd.grad(ct_g, [ct_w])[0].flatten().tolist()}
# random_expressions (random_expression_test.cpp, float64): random expression trees of x and y,
# built from the seeds 0, 1, ... by the generator the test has too (mix, random_kinds, gen), with
# the value, gradient and second derivatives at a point drawn from the seed: [{"text", "x", "y",
# "f", "fx", "fy", "fxx", "fxy", "fyy"}]. pow(a, b) is written exp(b * log(a)), which PyTorch's
# double backward does not mask where b == 0 (see the binary ops above).
MASK64 = (1 << 64) - 1


def mix(s):
    """SplitMix64's output function of s + the golden gamma."""
    z = (s + 0x9E3779B97F4A7C15) & MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return z ^ (z >> 31)


random_unary = [
    ("neg", lambda a: -a), ("sin", torch.sin), ("cos", torch.cos), ("tanh", torch.tanh),
    ("sigmoid", torch.sigmoid), ("atan", torch.atan), ("erf", torch.erf), ("softplus", F.softplus),
    ("exp", torch.exp), ("log1psq", lambda a: torch.log1p(a * a)), ("cube", lambda a: a ** 3),
    ("nestedpow", lambda a: (a ** 3) ** 2), ("relu", torch.relu), ("abs", torch.abs),
    ("selfsub", lambda a: a - a), ("zeromul", lambda a: 0 * a), ("selfdiv", lambda a: a / a),
    ("litmul", lambda a: a * -4.0), ("sqrtsq", lambda a: (a * a + 1) ** 0.5), ("gelu", F.gelu),
    ("asinh", torch.asinh), ("erfc", torch.erfc), ("exp2", torch.exp2),
    ("log2sq", lambda a: torch.log2(a * a + 1)), ("log10sq", lambda a: torch.log10(a * a + 1)),
    ("sinh", torch.sinh), ("cosh", torch.cosh), ("acoshsq", lambda a: torch.acosh(a * a + 2)),
    ("atanhhalf", lambda a: torch.atanh(0.5 * torch.tanh(a))),
    ("asinhalf", lambda a: torch.asin(0.5 * torch.tanh(a))),
    ("acossig", lambda a: torch.acos(torch.sigmoid(a))), ("silu", F.silu),
    ("logsigmoid", F.logsigmoid), ("elu", F.elu), ("selu", F.selu), ("leakyrelu", F.leaky_relu),
    ("hardtanh", F.hardtanh), ("mish", F.mish),
    ("gelutanh", lambda a: F.gelu(a, approximate="tanh")), ("expm1", torch.expm1),
    ("sqrtop", lambda a: torch.sqrt(a * a + 1)), ("sq", torch.square),
]
random_binary = [
    ("add", lambda a, b: a + b), ("sub", lambda a, b: a - b), ("mul", lambda a, b: a * b),
    ("div", lambda a, b: a / (b * b + 1)), ("maximum", torch.maximum), ("minimum", torch.minimum),
    ("pow", lambda a, b: torch.exp(b * torch.log(a * a + 1))),
    ("atan2", lambda a, b: torch.atan2(a, b * b + 1)),
    ("where", lambda a, b: torch.where(a > b, a * b, a - b)), ("hypot", torch.hypot),
]
random_kinds = len(random_unary) + len(random_binary)


def gen(seed, depth, x, y):
    """(value, text) of the tree of seed at the tensors x and y."""
    r = mix(seed)
    if depth == 0 or r % 4 == 0:
        leaf = (r >> 8) % 5
        if leaf < 2:
            return x, "x"
        if leaf < 4:
            return y, "y"
        return torch.tensor(1.5, dtype=torch.float64), "3/2"
    kind = (r >> 8) % random_kinds
    a, ta = gen(mix(r ^ 1), depth - 1, x, y)
    if kind < len(random_unary):
        name, fn = random_unary[kind]
        return fn(a), f"{name}({ta})"
    b, tb = gen(mix(r ^ 2), depth - 1, x, y)
    name, fn = random_binary[kind - len(random_unary)]
    return fn(a, b), f"{name}({ta}, {tb})"


def random_point(seed, k):
    return -1.5 + 3.0 * (mix((mix(seed) + k) & MASK64) >> 11) * 2.0 ** -53


random_rows = []
for seed in range(80):
    rx = torch.tensor(random_point(seed, 0), dtype=torch.float64, requires_grad=True)
    ry = torch.tensor(random_point(seed, 1), dtype=torch.float64, requires_grad=True)
    rf, text = gen(seed, 3, rx, ry)
    fx, fy = grad_or_zero(rf, [rx, ry])
    fxx, fxy = grad_or_zero(fx, [rx, ry])
    _, fyy = grad_or_zero(fy, [rx, ry])
    random_rows.append({"text": text, "x": rx.item(), "y": ry.item(), "f": item(rf),
                        "fx": item(fx), "fy": item(fy), "fxx": item(fxx), "fxy": item(fxy),
                        "fyy": item(fyy)})
out["random_expressions"] = random_rows

# jvp (hessian_test.cpp, float64): torch.autograd.functional.jvp of a vector function of a 3-vector,
# of a matrix function of a 2x3 matrix (tanh(W @ x), x fixed), and of the scalar hs_vector.
jv_v = torch.tensor([0.3, -1.2, 2.0], dtype=torch.float64)
jv_u = torch.tensor([1.0, 0.5, -2.0], dtype=torch.float64)
jv_w = torch.tensor([[0.1, -0.4, 0.7], [0.5, 0.2, -0.3]], dtype=torch.float64)
jv_du = torch.tensor([[1.0, 0.0, -1.0], [0.5, 2.0, 0.25]], dtype=torch.float64)
jv_x = torch.tensor([0.6, -0.8, 1.5], dtype=torch.float64)
out["jvp"] = {
    "v": jv_v.tolist(), "u": jv_u.tolist(),
    "vector": torch.autograd.functional.jvp(lambda v: torch.softmax(v, 0) * torch.sin(v), jv_v,
                                            jv_u)[1].tolist(),
    "scalar": torch.autograd.functional.jvp(hs_vector, jv_v, jv_u)[1].item(),
    "w": jv_w.tolist(), "dw": jv_du.tolist(), "x": jv_x.tolist(),
    "matrix": torch.autograd.functional.jvp(lambda w: torch.tanh(w @ jv_x), jv_w,
                                            jv_du)[1].tolist()}
# examples/linear_regression.cpp: y = a x + b fitted to N points generated at run time; the
# least-squares solution (torch.linalg.lstsq, float64), which the example's Adam must reach within
# 1e-3, and the mean squared error there.
lr_n = 200
lr_i = torch.arange(lr_n, dtype=torch.float64)
lr_x = -1 + 2 * lr_i / (lr_n - 1)
lr_y = 3 * lr_x - 2 + 0.1 * torch.sin(7 * lr_i)
lr_ab = torch.linalg.lstsq(torch.stack([lr_x, torch.ones_like(lr_x)], 1), lr_y[:, None]).solution
lr_loss = F.mse_loss(lr_ab[0, 0] * lr_x + lr_ab[1, 0], lr_y)
out["linear_regression"] = {"n": lr_n, "a": lr_ab[0, 0].item(), "b": lr_ab[1, 0].item(),
                            "loss": lr_loss.item()}

# examples/mlp_classifier.cpp with --n 203 --hidden 16 --batch 32 --epochs 5 --seed 3, in float64:
# the same spirals, initial weights and minibatch order (all from SplitMix64, as the example and
# ctgrad::data_loader draw them), trained with torch.optim.Adam; the loss and accuracy on the whole
# data set after training.
MASK64 = (1 << 64) - 1


class SplitMix64:
    def __init__(self, state):
        self.state = state & MASK64

    def next(self):
        self.state = (self.state + 0x9e3779b97f4a7c15) & MASK64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & MASK64
        return z ^ (z >> 31)

    def uniform(self):
        return (self.next() >> 11) * 2.0 ** -53


def mlp_classifier(n, hidden, batch, epochs, seed, lr=0.03):
    rng = SplitMix64(seed)
    half = (n + 1) // 2
    xs, ys = [], []
    for i in range(n):
        k = i % 2
        t = (i // 2 + 1) / half
        angle = 2.0 * math.pi * t + k * math.pi
        x0 = t * math.cos(angle) + 0.2 * rng.uniform() - 0.1
        x1 = t * math.sin(angle) + 0.2 * rng.uniform() - 0.1
        xs.append([x0, x1])
        ys.append(k)
    x = torch.tensor(xs, dtype=torch.float64)
    y = torch.tensor(ys)

    def linear_init(shape, fan_in):
        bound = 1.0 / math.sqrt(fan_in)
        count = math.prod(shape)
        values = [bound * (2.0 * rng.uniform() - 1.0) for _ in range(count)]
        return torch.tensor(values, dtype=torch.float64).reshape(shape).requires_grad_()

    w1 = linear_init((2, hidden), 2)
    b1 = linear_init((hidden,), 2)
    w2 = linear_init((hidden, 2), hidden)
    b2 = linear_init((2,), hidden)
    optimizer = torch.optim.Adam([w1, b1, w2, b2], lr=lr)

    def logits(inputs):
        return torch.tanh(inputs @ w1 + b1) @ w2 + b2

    for epoch in range(epochs):
        # ctgrad::data_loader's shuffle: Fisher-Yates driven by SplitMix64
        order = list(range(n))
        shuffle = SplitMix64(seed + 0x9e3779b97f4a7c15 * (epoch + 1))
        for i in range(n, 1, -1):
            j = shuffle.next() % i
            order[i - 1], order[j] = order[j], order[i - 1]
        for first in range(0, n, batch):
            rows = torch.tensor(order[first:first + batch])
            optimizer.zero_grad()
            F.cross_entropy(logits(x[rows]), y[rows]).backward()
            optimizer.step()
    with torch.no_grad():
        scores = logits(x)
        return {"n": n, "loss": F.cross_entropy(scores, y).item(),
                "accuracy": (scores.argmax(1) == y).double().mean().item()}


out["mlp_classifier"] = mlp_classifier(n=203, hidden=16, batch=32, epochs=5, seed=3)

# An empty batch (tests/runtime/dynamic_seed_test.cpp): a sum over no rows, and the means of
# mse_loss and cross_entropy, with the gradient of an empty input.
eb_x = torch.zeros(0, 3, dtype=torch.float64, requires_grad=True)
eb_sum = eb_x.sum()
eb_mse = F.mse_loss(eb_x, torch.zeros(0, 3, dtype=torch.float64))
eb_ce = F.cross_entropy(eb_x, torch.zeros(0, dtype=torch.long))
eb_ce.backward()
out["empty_batch"] = {"sum": eb_sum.item(), "mse_loss": eb_mse.item(),
                      "cross_entropy": eb_ce.item(), "grad_numel": eb_x.grad.numel()}


# --- shapes (#29) ---
# shape_ops (float64), tests/runtime/shape_ops_test.cpp: for each case, the inputs, "out" (the
# result), "w" (weights of out's shape) and "loss" ((w * out ** 2).sum()), and "grad_<input>",
# the gradient of loss by each input; every tensor flattened to a list in row-major order.
def shape_case(fn, **inputs):
    ts = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in inputs.items()}
    o = fn(**ts)
    w = (torch.arange(o.numel(), dtype=torch.float64) * 0.25 - 1.125).reshape(o.shape)
    loss = (w * o ** 2).sum()
    gs = torch.autograd.grad(loss, list(ts.values()))
    case = {k: torch.tensor(v, dtype=torch.float64).flatten().tolist() for k, v in inputs.items()}
    case.update({"out": o.detach().flatten().tolist(), "w": w.flatten().tolist(),
                 "loss": loss.item()})
    case.update({"grad_" + k: g.flatten().tolist() for k, g in zip(ts, gs)})
    return case


sh_x23 = [[0.5, -1.25, 2.0], [0.75, -0.5, 1.5]]
sh_x232 = [[[0.5, -1.25], [2.0, 0.75], [-0.5, 1.5]], [[3.0, -2.25], [1.0, 0.25], [-1.5, 2.5]]]
sh_b13 = [[-0.75, 1.25, 0.5]]
sh_b22 = [[1.75, -0.25], [0.5, -2.0]]
sh_c21 = [[2.25], [-1.0]]
sh_m33 = [[0.5, -1.25, 2.0], [0.75, -0.5, 1.5], [3.0, -2.25, 1.0]]
sh_v3 = [0.5, -1.25, 2.0]
sh_u3 = [1.5, 0.25, -0.75]
sh_u2 = [-0.75, 1.25]
out["shape_ops"] = {
    "reshape": shape_case(lambda x: x.reshape(3, -1), x=sh_x23),
    "view": shape_case(lambda x: x.view(6), x=sh_x23),
    "flatten": shape_case(lambda x: torch.flatten(x), x=sh_x232),
    "flatten_1_2": shape_case(lambda x: torch.flatten(x, 1, 2), x=sh_x232),
    "narrow": shape_case(lambda x: x.narrow(1, 1, 2), x=sh_x23),
    "cat_0": shape_case(lambda a, b: torch.cat((a, b), 0), a=sh_x23, b=sh_b13),
    "cat_1": shape_case(lambda a, b, c: torch.cat((a, b, c), 1), a=sh_x23, b=sh_b22, c=sh_c21),
    "stack_0": shape_case(lambda a, b: torch.stack((a, b), 0), a=sh_x23, b=sh_m33[1:]),
    "stack_last": shape_case(lambda a, b: torch.stack((a, b), -1), a=sh_x23, b=sh_m33[1:]),
    "diag_vector": shape_case(lambda v: torch.diag(v), v=sh_v3),
    "diag_matrix": shape_case(lambda m: torch.diag(m), m=sh_x23),
    "trace": shape_case(lambda m: torch.trace(m), m=sh_m33),
    "outer": shape_case(lambda a, b: torch.outer(a, b), a=sh_v3, b=sh_u2),
    "dot": shape_case(lambda a, b: torch.dot(a, b), a=sh_v3, b=sh_u3),
}

# --- reductions: logsumexp, amax, amin, prod, var, std, norm, argmax, argmin (#29) ---
# statistics: {"inputs": {name: 2x3 values}, "cases": [{"dtype": "float32"|"float64", "input"
# (a name of inputs), "op", "dim" (0, 1 or null: all elements), "option" (var and std: the
# correction; norm: the order, "inf" for infinity; else null), "value", "loss" ((value**2).sum()),
# "grad" (of loss w.r.t. the input; null for argmax and argmin, integers without a gradient)}]}.
# The inputs have ties (the gradient of amax and amin is shared), zeros (one in a row, two in a
# column, for prod), constant rows (std's gradient 0) and large numbers (logsumexp at 1e4).
stat_inputs = {
    "plain": [[1.0, -2.0, 3.0], [0.5, 4.0, -1.0]],
    "ties": [[2.0, 2.0, -1.0], [-3.0, 0.5, -3.0]],
    "zeros": [[0.0, 2.0, -1.5], [0.0, 0.5, 3.0]],
    "one_zero": [[1.5, 0.0, -2.0], [0.5, 4.0, -1.0]],
    "large": [[1e4, 1e4 + 1, 1e4 - 2], [-1e4, 0.5, 1e4]],
    "constant_rows": [[1.5, 1.5, 1.5], [0.0, 0.0, 0.0]],
}


def stat_op(t, op, dim, option):
    dims = tuple(range(t.dim())) if dim is None else dim
    if op == "logsumexp":
        return torch.logsumexp(t, dims)
    if op in ("amax", "amin"):
        return getattr(torch, op)(t, dims)
    if op == "prod":
        return t.prod() if dim is None else t.prod(dim)
    if op in ("var", "std"):
        return getattr(torch, op)(t, dim, correction=option)
    if op == "norm":
        return torch.linalg.vector_norm(t, float(option), dim)
    return getattr(torch, op)(t) if dim is None else getattr(torch, op)(t, dim)


stat_ops = [("logsumexp", None), ("amax", None), ("amin", None), ("prod", None), ("var", 1),
            ("var", 0), ("std", 1), ("std", 0), ("norm", 2), ("norm", 1), ("norm", "inf"),
            ("argmax", None), ("argmin", None)]
rows = []
for dtype, name in ((torch.float32, "float32"), (torch.float64, "float64")):
    for input_name, x_vals in stat_inputs.items():
        for op, option in stat_ops:
            for dim in (0, 1, None):
                t = torch.tensor(x_vals, dtype=dtype, requires_grad=True)
                r = stat_op(t, op, dim, option)
                row = {"dtype": name, "input": input_name, "op": op, "dim": dim,
                       "option": option, "value": f64(r), "loss": None, "grad": None}
                if r.is_floating_point():
                    loss = (r ** 2).sum()
                    row["loss"] = loss.item()
                    row["grad"] = f64(torch.autograd.grad(loss, [t])[0])
                rows.append(row)
# "hessians": [{"op", "x", "hessian" (3x3, float64)}]: prod where no element, one or two are 0,
# logsumexp and std (the second derivatives of their backward formulas). The product is written
# out, t[0] * t[1] * t[2]: PyTorch's double backward of torch.prod() gives 0 for the mixed
# derivative at two zeros (5 here, the third element), where the written-out product gives it.
hessians = []
for op, h_vals in (("prod", [2.0, 3.0, 5.0]), ("prod", [2.0, 0.0, 5.0]), ("prod", [0.0, 0.0, 5.0]),
                   ("logsumexp", [0.1, 0.2, 0.3]), ("std", [0.1, 0.2, 0.4])):
    fn = {"prod": lambda t: t[0] * t[1] * t[2], "logsumexp": lambda t: torch.logsumexp(t, 0),
          "std": torch.std}[op]
    h = torch.autograd.functional.hessian(fn, torch.tensor(h_vals, dtype=torch.float64))
    hessians.append({"op": op, "x": h_vals, "hessian": f64(h)})
out["statistics"] = {"inputs": stat_inputs, "cases": rows, "hessians": hessians}


# --- losses (#29) ---
# losses (tests/runtime/losses_test.cpp), float32; every "grad_*" is the gradient of loss.sum():
#  "l1", "huber", "smooth_l1": [{"parameter" (delta or beta; 0 for l1), "reduction", "input",
#      "target" (2x3, the differences -2, -1, -0.5, 0, 0.5, 1: the kinks of delta or beta 1 and
#      0.5, and a tie), "loss", "grad_input", "grad_target", "grad2_input" (the gradient of
#      grad_input.sum(), PyTorch's double backward; not for l1)}] for mean, sum and none;
#  "kl_div": [{"log_target", "reduction", "input" (log-probabilities, 2x3), "target", "loss",
#      "grad_input", "grad_target"}] for mean, sum, none, batchmean; the probability target has a
#      0 (its loss is 0, the target's gradient there NaN, as xlogy's);
#  "bce_with_logits": [{"reduction", "input" (2x4, logits up to 1e4), "target", "loss",
#      "grad_input", "grad_target"}]; "bce_with_logits_pos_weight": the same with "pos_weight" (4);
#  "cross_entropy_smoothing": [{"target_type", "label_smoothing", "reduction", "logits" (3x4),
#      "target", "loss", "grad_logits"}] for class indices and probabilities, mean, sum and none.
def loss_row(fn, inputs, reduction, second=False, **extra):
    """loss, gradients of loss.sum() by each of inputs ({name: list}), optionally grad2_input."""
    ts = {k: param(v) for k, v in inputs.items()}
    loss = fn(*ts.values(), reduction=reduction)
    row = {"reduction": reduction, **{k: f32(t) for k, t in ts.items()}, "loss": f32(loss), **extra}
    gs = torch.autograd.grad(loss.sum(), list(ts.values()), create_graph=second)
    for k, g in zip(ts, gs):
        row["grad_" + k] = f32(g)
    if second:
        row["grad2_input"] = f32(torch.autograd.grad(gs[0].sum(), [ts["input"]])[0])
    return row


losses = {"l1": [], "huber": [], "smooth_l1": []}
reg_input = [[-2.0, -1.0, -0.5], [0.0, 0.75, 1.25]]
reg_target = [[0.0, 0.0, 0.0], [0.0, 0.25, 0.25]]
for reduction in ("mean", "sum", "none"):
    losses["l1"].append(loss_row(F.l1_loss, {"input": reg_input, "target": reg_target}, reduction,
                                 parameter=0.0))
    for delta in (1.0, 0.5):
        losses["huber"].append(loss_row(
            lambda i, t, reduction: F.huber_loss(i, t, reduction=reduction, delta=delta),
            {"input": reg_input, "target": reg_target}, reduction, True, parameter=delta))
    for beta in (1.0, 0.5, 0.0):
        losses["smooth_l1"].append(loss_row(
            lambda i, t, reduction: F.smooth_l1_loss(i, t, reduction=reduction, beta=beta),
            {"input": reg_input, "target": reg_target}, reduction, beta > 0, parameter=beta))

kl_input = f32(F.log_softmax(torch.tensor([[0.5, -1.0, 2.0], [0.0, 0.25, -0.5]]), dim=1))
kl_target = [[0.2, 0.0, 0.8], [0.3, 0.3, 0.4]]
kl_log_target = f32(torch.log(torch.tensor([[0.2, 0.1, 0.7], [0.3, 0.3, 0.4]])))
losses["kl_div"] = [
    loss_row(lambda i, t, reduction: F.kl_div(i, t, reduction=reduction, log_target=lt),
             {"input": kl_input, "target": tgt}, reduction, log_target=lt)
    for lt, tgt in ((False, kl_target), (True, kl_log_target))
    for reduction in ("mean", "sum", "none", "batchmean")]

bce_input = [[1e4, -1e4, 0.0, 2.0], [-3.0, 0.5, 1e4, -1e4]]
bce_target = [[0.3, 0.3, 1.0, 0.0], [1.0, 0.25, 1.0, 0.0]]
losses["bce_with_logits"] = [
    loss_row(F.binary_cross_entropy_with_logits, {"input": bce_input, "target": bce_target}, r)
    for r in ("mean", "sum", "none")]
pos_weight = [1.0, 2.0, 0.5, 3.0]
losses["bce_with_logits_pos_weight"] = [
    loss_row(lambda i, t, reduction: F.binary_cross_entropy_with_logits(
        i, t, reduction=reduction, pos_weight=torch.tensor(pos_weight)),
        {"input": [[1e4, -1e4, 0.0, 2.0], [-3.0, 0.5, 1.5, -1.0]], "target": bce_target}, r,
        pos_weight=pos_weight)
    for r in ("mean", "sum", "none")]

rows = []
for smoothing in (0.1, 0.25):
    for reduction in ("mean", "sum", "none"):
        for target_type, target, target_json in (
                ("class_index", torch.tensor(classes, dtype=torch.int64), classes),
                ("probability", probs, f32(probs))):
            lg = param(logits)
            loss = F.cross_entropy(lg, target, reduction=reduction, label_smoothing=smoothing)
            rows.append({"target_type": target_type, "label_smoothing": smoothing,
                         "reduction": reduction, "logits": f32(lg), "target": target_json,
                         "loss": f32(loss), "grad_logits": grads(loss.sum(), [lg])[0]})
losses["cross_entropy_smoothing"] = rows
out["losses"] = losses


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
