"""course_lib.autograd: every gradient against central finite differences."""

import math

import numpy as np
import pytest

from course_lib import autograd
from course_lib.autograd import (
    Value,
    as_values,
    data_of,
    grad_of,
    relu,
    sigmoid,
    softmax_cross_entropy,
    tanh,
    topological_order,
    zero_grad,
)
from course_lib.gradcheck import numerical_gradient
from course_lib.models import MLP

UNARY_OPS = {
    "tanh": lambda a: a.tanh(),
    "sigmoid": lambda a: a.sigmoid(),
    "relu": lambda a: a.relu() + 0.1 * a,  # keeps a slope on both sides
    "exp": lambda a: (a.tanh() * 2.0).exp(),
    "log": lambda a: (a * a + 1.0).log(),
    "square": lambda a: a**2,
    "neg": lambda a: -a,
}
BINARY_OPS = {  # log and division only see positive arguments
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / (b * b + 1.0) ** 0.5,
    "r-": lambda a, b: 1.5 - a,
    "r/": lambda a, b: 2.0 / (b * b + 1.0) ** 0.5,
}
UNARY, BINARY = list(UNARY_OPS), list(BINARY_OPS)


def random_expression(seed, n_inputs=3, n_ops=12):
    """A random scalar expression of n_inputs Values: f(list of Values) -> Value.

    Each op combines earlier nodes; the expression is defined everywhere.
    """
    rng = np.random.default_rng(seed)
    plan = []
    for k in range(n_ops):
        n_nodes = n_inputs + k
        if rng.random() < 0.5:
            plan.append(("u", UNARY[rng.integers(len(UNARY))], rng.integers(n_nodes)))
        else:
            plan.append(("b", BINARY[rng.integers(len(BINARY))], *rng.integers(n_nodes, size=2)))

    def f(xs):
        nodes = list(xs)
        for step in plan:
            if step[0] == "u":
                out = UNARY_OPS[step[1]](nodes[step[2]])
            else:
                out = BINARY_OPS[step[1]](nodes[step[2]], nodes[step[3]])
            nodes.append(out.tanh() * 3.0)  # keeps every value in a modest range
        return nodes[-1] + sum(nodes[n_inputs:], Value(0.0)) * 0.1

    return f


@pytest.mark.parametrize("seed", range(40))
def test_random_expressions_match_finite_differences(seed):
    f = random_expression(seed)
    x0 = np.random.default_rng(1000 + seed).uniform(-2, 2, size=3)
    xs = as_values(x0)
    out = f(list(xs))
    out.backward()
    numeric = numerical_gradient(lambda x: f([Value(v) for v in x]).data, x0.copy())
    assert np.allclose(grad_of(xs), numeric, rtol=1e-6, atol=1e-7), (seed, grad_of(xs), numeric)


@pytest.mark.parametrize(
    "op, x, derivative",
    [
        (lambda v: v.exp(), 0.7, math.exp(0.7)),
        (lambda v: v.log(), 0.7, 1 / 0.7),
        (lambda v: v.tanh(), 0.7, 1 - math.tanh(0.7) ** 2),
        (lambda v: v.sigmoid(), 0.7, math.exp(-0.7) / (1 + math.exp(-0.7)) ** 2),
        (lambda v: v.relu(), 0.7, 1.0),
        (lambda v: v.relu(), -0.7, 0.0),
        (lambda v: v.relu(), 0.0, 0.0),
        (lambda v: v**3, 0.7, 3 * 0.7**2),
        (lambda v: 1 / v, 0.7, -1 / 0.7**2),
        (lambda v: 2 - v, 0.7, -1.0),
    ],
)
def test_local_derivatives(op, x, derivative):
    v = Value(x)
    op(v).backward()
    assert v.grad == pytest.approx(derivative, rel=1e-12, abs=1e-15)


def test_sigmoid_is_stable_far_out():
    assert Value(-800.0).sigmoid().data == 0.0 and Value(800.0).sigmoid().data == 1.0


def test_a_value_used_twice_sums_its_contributions():
    x, y = Value(3.0), Value(-2.0)
    (x * y + x * x).backward()  # ∂/∂x = y + 2x
    assert x.grad == 4.0 and y.grad == 3.0


def test_gradients_accumulate_until_zero_grad():
    w = Value(2.0)
    loss = (w * 3.0 - 1.0) ** 2  # ∂/∂w = 6 (3w − 1) = 30
    loss.backward()
    assert w.grad == 30.0
    loss.backward()
    assert w.grad == 60.0, "a second backward adds, as in PyTorch"
    zero_grad([w])
    assert w.grad == 0.0
    loss.backward()
    assert w.grad == 30.0


def test_topological_order_lists_inputs_first():
    f = random_expression(7, n_ops=30)
    out = f(list(as_values(np.array([0.3, -1.2, 0.8]))))
    order = topological_order(out)
    position = {id(node): k for k, node in enumerate(order)}
    assert order[-1] is out and len(position) == len(order), "each node once, the output last"
    assert all(position[id(child)] < position[id(node)] for node in order for child in node.inputs)


def test_deep_graph_needs_no_recursion():
    x = Value(0.5)
    y = x
    for _ in range(20_000):
        y = y * 1.0 + 0.0
    y.backward()
    assert x.grad == 1.0


@pytest.mark.parametrize(
    "sizes, activation, seed",
    [([3, 5, 2], "tanh", 0), ([4, 3, 6, 3], "relu", 1), ([2, 4, 4, 2], "sigmoid", 2)],
)
def test_reproduces_mlp_backward(sizes, activation, seed):
    rng = np.random.default_rng(seed)
    X, y = rng.normal(size=(5, sizes[0])), rng.integers(sizes[-1], size=5)
    model = MLP(sizes, activation=activation, seed=seed)
    model.loss(X, y)
    model.backward()
    params = [as_values(p) for p in model.parameters()]
    A = X
    act = {"tanh": tanh, "relu": relu, "sigmoid": sigmoid}[activation]
    for k in range(0, len(params), 2):
        Z = A @ params[k].T + params[k + 1]
        A = act(Z) if k + 2 < len(params) else Z
    loss = softmax_cross_entropy(A, y)
    loss.backward()
    assert loss.data == pytest.approx(model.loss(X, y), rel=1e-12)
    for ours, theirs in zip(params, model.gradients(), strict=True):
        assert np.allclose(grad_of(ours), theirs, rtol=1e-9, atol=1e-12)
    assert np.array_equal(data_of(params[0]), model.parameters()[0])


def test_softmax_cross_entropy_survives_large_logits():
    Z = as_values(np.array([[1000.0, 0.0], [0.0, -1000.0]]))
    loss = softmax_cross_entropy(Z, np.array([0, 1]))
    loss.backward()
    assert loss.data == pytest.approx(500.0) and np.allclose(grad_of(Z), [[0, 0], [0.5, -0.5]])


def test_labels_in_as_values():
    W = as_values(np.ones((2, 2)), "W")
    assert W[1, 0].label == "W[1, 0]" and "W[1, 0]" in repr(W[1, 0])


@pytest.mark.parametrize(
    "call, error, words",
    [
        (lambda: Value(float("nan")), ValueError, "data"),
        (lambda: Value("1"), TypeError, "data"),
        (lambda: Value(True), TypeError, "data"),
        (lambda: Value(1.0, label=3), TypeError, "label"),
        (lambda: Value(1.0) + "a", TypeError, "other"),
        (lambda: Value(1.0) * None, TypeError, "other"),
        (lambda: Value(1.0) + float("inf"), ValueError, "other"),
        (lambda: Value(0.0).log(), ValueError, "log"),
        (lambda: Value(1000.0).exp(), ValueError, "exp"),
        (lambda: Value(1.0) / Value(0.0), ValueError, "division"),
        (lambda: Value(-1.0) ** 0.5, ValueError, "negative"),
        (lambda: Value(0.0) ** -1.0, ValueError, "exponent"),
        (lambda: Value(2.0) ** Value(2.0), TypeError, "exponent"),
        (lambda: Value(1e200) * Value(1e200), ValueError, "finite"),
        (lambda: topological_order(1.0), TypeError, "output"),
        (lambda: zero_grad(1.0), TypeError, "values"),
        (lambda: zero_grad(np.ones(2)), TypeError, "values"),
        (lambda: as_values(np.array([1.0, np.nan])), ValueError, "a"),
        (lambda: as_values(np.array([])), ValueError, "a"),
        (lambda: as_values(np.array(["x"])), TypeError, "a"),
        (lambda: as_values(np.ones(2), label=1), TypeError, "label"),
        (lambda: data_of(np.ones(2)), TypeError, "values"),
        (lambda: grad_of("x"), TypeError, "values"),
        (lambda: relu(np.ones(2)), TypeError, "x"),
        (lambda: tanh(np.array([], dtype=object)), ValueError, "x"),
        (lambda: softmax_cross_entropy(as_values(np.ones(3)), np.array([0])), ValueError, "logits"),
        (
            lambda: softmax_cross_entropy(as_values(np.ones((2, 3))), np.array([0, 3])),
            ValueError,
            "y",
        ),
        (
            lambda: softmax_cross_entropy(as_values(np.ones((2, 3))), np.array([0.0, 1.0])),
            ValueError,
            "y",
        ),
    ],
)
def test_bad_input_is_named(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_module_documents_itself():
    assert "micrograd" in autograd.__doc__ and "topological" in autograd.__doc__
