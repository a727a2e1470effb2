"""Checkers for the chapter "What next": the pieces of an autograd engine."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .core import Feedback, Mistake, checker


# Independent on purpose (numpy's tanh, not course_lib.autograd.Value.tanh).
def _tanh_node(x, out_grad):
    t = np.tanh(x)
    return (t, out_grad * (1.0 - t * t))


TANH_NODE_MISTAKES = [
    Mistake(
        "upstream gradient ignored",
        "a node passes back its output's gradient times its local derivative: "
        "out_grad · (1 − t²), not the local derivative alone.",
        lambda x, out_grad: (np.tanh(x), 1.0 - np.tanh(x) ** 2),
    ),
    Mistake(
        "slope from the input",
        "tanh′(x) = 1 − tanh(x)², written with the output t = tanh(x): 1 − t², not 1 − x².",
        lambda x, out_grad: (np.tanh(x), out_grad * (1.0 - x * x)),
    ),
    Mistake(
        "sigmoid's slope",
        "t(1 − t) is the sigmoid's slope written with its output; tanh's is 1 − t².",
        lambda x, out_grad: (np.tanh(x), out_grad * np.tanh(x) * (1.0 - np.tanh(x))),
    ),
    Mistake(
        "square missing",
        "tanh′ = 1 − t², with t squared: 1 − t is not the slope.",
        lambda x, out_grad: (np.tanh(x), out_grad * (1.0 - np.tanh(x))),
    ),
]


@checker(
    reference=_tanh_node,
    cases=[
        {"x": np.array([0.5, -1.0, 2.0]), "out_grad": np.array([1.0, 1.0, 1.0])},
        {"x": np.array([0.3, -0.8, 1.5, 0.0]), "out_grad": np.array([2.0, -0.5, 0.25, 3.0])},
        {
            "x": np.array([[1.2, -0.4], [0.1, -2.5]]),
            "out_grad": np.array([[0.5, 1.5], [-2.0, 1.0]]),
        },
    ],
    mistakes=TANH_NODE_MISTAKES,
)
def check_tanh_node(fn: Callable) -> Feedback:
    """Check ``fn(x, out_grad)`` → (tanh(x), out_grad · (1 − tanh(x)²)), element by element.

    The forward value of a tanh node, and the gradient it passes to its input.
    """


# Independent on purpose: the derivatives of f = x·y + x·x written out.
def _shared_gradients(x, y):
    return (y + 2.0 * x, x)


SHARED_MISTAKES = [
    Mistake(
        "swapped",
        "return (∂f/∂x, ∂f/∂y) in that order.",
        lambda x, y: (x, y + 2.0 * x),
    ),
    Mistake(
        "overwritten, not added",
        "x is used three times (in x·y and on both sides of x·x); a later use replaced the "
        "earlier ones. Each use adds its share: grad += ..., never grad = ...",
        lambda x, y: (x, x),
    ),
    Mistake(
        "square counted once",
        "x·x uses x twice, so it passes back x from each side: 2x in all (the power rule).",
        lambda x, y: (y + x, x),
    ),
    Mistake(
        "first use only",
        "x also feeds x·x: add its 2x to the y that x·y passes back.",
        lambda x, y: (y, x),
    ),
]


@checker(
    reference=_shared_gradients,
    cases=[
        {"x": np.array([3.0]), "y": np.array([-2.0])},
        {"x": np.array([0.5, -1.5, 2.0]), "y": np.array([4.0, 1.0, -3.0])},
        {"x": np.array([[1.0, -2.0], [0.25, 5.0]]), "y": np.array([[0.5, 3.0], [-1.0, 2.0]])},
    ],
    mistakes=SHARED_MISTAKES,
)
def check_shared_gradients(fn: Callable) -> Feedback:
    """Check ``fn(x, y)`` → (∂f/∂x, ∂f/∂y) for f = x·y + x·x, element by element."""


def _nodes_and_inputs(edges):
    edges = np.asarray(edges, dtype=float)
    n = int(edges[:, :2].max()) + 1
    inputs: list[list[tuple[int, float]]] = [[] for _ in range(n)]
    for node, inp, local in edges:
        inputs[int(node)].append((int(inp), float(local)))
    return n, inputs


def _reverse_topological(output, inputs):
    order, done = [], set()

    def visit(node):
        if node in done:
            return
        done.add(node)
        for inp, _ in inputs[node]:
            visit(inp)
        order.append(node)

    visit(int(output))
    return order[::-1]


def _backward(edges, output, *, order="topological", add=True, seed=1.0, use_local=True):
    n, inputs = _nodes_and_inputs(edges)
    grads = np.zeros(n)
    grads[int(output)] = seed
    visit = {
        "topological": _reverse_topological(output, inputs),
        "forward": _reverse_topological(output, inputs)[::-1],
        "index": list(range(n - 1, -1, -1)),
    }[order]
    for node in visit:
        for inp, local in inputs[node]:
            share = grads[node] * (local if use_local else 1.0)
            grads[inp] = grads[inp] + share if add else share
    return grads


def _graph_backward(edges, output):
    return _backward(edges, output)


BACKWARD_MISTAKES = [
    Mistake(
        "index order",
        "node numbers are not an order of computation: a node may feed one with a smaller "
        "number. Visit each node only after every node that uses it (reverse topological "
        "order), or its gradient is not complete when you pass it on.",
        lambda edges, output: _backward(edges, output, order="index"),
    ),
    Mistake(
        "forward order",
        "the chain rule runs from the output back: visit the output first, then each node "
        "after all the nodes that use it (the topological order reversed).",
        lambda edges, output: _backward(edges, output, order="forward"),
    ),
    Mistake(
        "overwritten, not added",
        "a node used by several others gets a share from each: grads[inp] += ..., not =.",
        lambda edges, output: _backward(edges, output, add=False),
    ),
    Mistake(
        "local derivative ignored",
        "multiply the node's gradient by the edge's local derivative before passing it on.",
        lambda edges, output: _backward(edges, output, use_local=False),
    ),
    Mistake(
        "output not seeded",
        "start with ∂output/∂output = 1 at the output node; from zeros nothing flows back.",
        lambda edges, output: _backward(edges, output, seed=0.0),
    ),
]


@checker(
    reference=_graph_backward,
    cases=[
        {
            "edges": np.array([[4, 1, 2.0], [1, 3, 5.0], [3, 0, 1.5], [4, 0, 1.0]]),
            "output": 4,
        },
        {
            "edges": np.array(
                [[5, 2, 0.5], [5, 4, -1.0], [2, 4, 3.0], [4, 0, 2.0], [4, 1, -0.5], [2, 3, 4.0]]
            ),
            "output": 5,
        },
        {
            "edges": np.array([[0, 3, 2.0], [3, 1, -1.0], [3, 2, 0.5], [1, 2, 4.0], [0, 1, 1.5]]),
            "output": 0,
        },
    ],
    mistakes=BACKWARD_MISTAKES,
)
def check_graph_backward(fn: Callable) -> Feedback:
    """Check ``fn(edges, output)`` → ∂output/∂node for every node, shape (n_nodes,).

    edges: a float array of shape (k, 3), rows (node, input, local derivative
    ∂node/∂input); output: the number of the node to differentiate. Nodes run
    from 0 to the largest node number in the first two columns, so n_nodes is
    that number + 1; a node that output does not depend on gets 0.
    """
