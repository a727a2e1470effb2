"""Bad input: every public function rejects it with an error that names the argument.

Each entry below calls one public function or method with valid arguments;
the tests then spoil one argument at a time (NaN, inf, empty, wrong number
of dimensions, wrong type, non-positive numbers) and expect a ValueError or
TypeError whose message names that argument. ``test_every_public_callable_
is_covered`` fails when a new public function is added without an entry.
"""

import inspect
from dataclasses import dataclass, field

import numpy as np
import pytest

import course_lib
from course_lib import (
    activations,
    data,
    exercises,
    gradcheck,
    landscapes,
    layers,
    losses,
    models,
    optim,
    plots,
    search,
    source,
    train,
    widgets,
)

rng = np.random.default_rng(0)
Z = rng.normal(size=(4, 3))
P = np.full((4, 3), 1 / 3)
Y = np.array([0, 2, 1, 1])
V = rng.uniform(0.1, 0.9, size=5)
T = np.array([1.0, 0.0, 1.0, 1.0, 0.0])


def _dense_backward(dZ):
    layer = layers.Dense(3, 2)
    layer.forward(Z)
    return layer.backward(dZ)


def _activation_backward(dA):
    layer = layers.ReLU()
    layer.forward(Z)
    return layer.backward(dA)


def _draw(fig, value):
    fig.add_subplot().plot([0, 1], [0, value])


@dataclass
class Entry:
    """One public callable, its valid arguments, and what each argument must be."""

    fn: object
    kwargs: dict
    fixed_ndim: set = field(default_factory=set)  # array arguments with a required ndim
    positive: set = field(default_factory=set)  # numbers that must be > 0
    whole: set = field(default_factory=set)  # numbers that must be whole and >= 1


ENTRIES = {
    "activations.sigmoid": Entry(activations.sigmoid, {"z": Z}),
    "activations.sigmoid_grad": Entry(activations.sigmoid_grad, {"z": Z}),
    "activations.relu": Entry(activations.relu, {"z": Z}),
    "activations.relu_grad": Entry(activations.relu_grad, {"z": Z}),
    "activations.tanh": Entry(activations.tanh, {"z": Z}),
    "activations.tanh_grad": Entry(activations.tanh_grad, {"z": Z}),
    "activations.softmax": Entry(activations.softmax, {"z": Z}),
    "activations.log_softmax": Entry(activations.log_softmax, {"z": Z}),
    "losses.mse": Entry(losses.mse, {"y_pred": V, "y_true": T}),
    "losses.mse_grad": Entry(losses.mse_grad, {"y_pred": V, "y_true": T}),
    "losses.binary_cross_entropy": Entry(losses.binary_cross_entropy, {"p": V, "y": T}),
    "losses.binary_cross_entropy_grad": Entry(losses.binary_cross_entropy_grad, {"p": V, "y": T}),
    "losses.cross_entropy": Entry(losses.cross_entropy, {"probs": P, "y": Y}, {"probs", "y"}),
    "losses.cross_entropy_grad": Entry(losses.cross_entropy_grad, {"probs": P, "y": Y}, {"probs", "y"}),
    "losses.softmax_cross_entropy": Entry(
        losses.softmax_cross_entropy, {"logits": Z, "y": Y}, {"logits", "y"}
    ),
    "losses.softmax_cross_entropy_grad": Entry(
        losses.softmax_cross_entropy_grad, {"logits": Z, "y": Y}, {"logits", "y"}
    ),
    "layers.Dense": Entry(
        lambda n_in, n_out, init: layers.Dense(n_in, n_out, init=init),
        {"n_in": 3, "n_out": 2, "init": 0.1},
        whole={"n_in", "n_out"},
        positive={"init"},
    ),
    "layers.Dense.forward": Entry(lambda X: layers.Dense(3, 2).forward(X), {"X": Z}, {"X"}),
    "layers.Dense.backward": Entry(_dense_backward, {"dZ": np.ones((4, 2))}, {"dZ"}),
    "layers.ReLU.forward": Entry(lambda Z: layers.ReLU().forward(Z), {"Z": Z}, {"Z"}),
    "layers.ReLU.backward": Entry(_activation_backward, {"dA": np.ones((4, 3))}, {"dA"}),
    "layers.SoftmaxCrossEntropy.forward": Entry(
        lambda Z, y: layers.SoftmaxCrossEntropy().forward(Z, y), {"Z": Z, "y": Y}, {"Z", "y"}
    ),
    "models.MLP": Entry(lambda sizes: models.MLP(sizes), {"sizes": [3, 4, 3]}),
    "models.MLP.forward": Entry(lambda X: models.MLP([3, 4, 3]).forward(X), {"X": Z}, {"X"}),
    "models.MLP.loss": Entry(lambda X, y: models.MLP([3, 4, 3]).loss(X, y), {"X": Z, "y": Y}, {"X", "y"}),
    "models.MLP.predict": Entry(lambda X: models.MLP([3, 4, 3]).predict(X), {"X": Z}, {"X"}),
    "models.MLP.predict_proba": Entry(lambda X: models.MLP([3, 4, 3]).predict_proba(X), {"X": Z}, {"X"}),
    "models.Neuron": Entry(models.Neuron, {"n_features": 2}, whole={"n_features"}),
    "models.Neuron.loss": Entry(
        lambda X, y: models.Neuron(3).loss(X, y), {"X": Z, "y": np.array([0.0, 1.0, 1.0, 0.0])}, {"X", "y"}
    ),
    "models.Neuron.predict": Entry(lambda X: models.Neuron(3).predict(X), {"X": Z}, {"X"}),
    "models.Neuron.predict_proba": Entry(lambda X: models.Neuron(3).predict_proba(X), {"X": Z}, {"X"}),
    "models.LinearRegression": Entry(models.LinearRegression, {"n_features": 2}, whole={"n_features"}),
    "models.LinearRegression.predict": Entry(
        lambda X: models.LinearRegression(3).predict(X), {"X": Z}, {"X"}
    ),
    "optim.SGD": Entry(optim.SGD, {"lr": 0.1}, positive={"lr"}),
    "optim.Momentum": Entry(optim.Momentum, {"lr": 0.1}, positive={"lr"}),
    "optim.Momentum.step": Entry(
        lambda grads: optim.Momentum(0.1).step([np.ones(3)], grads), {"grads": [np.ones(3)]}
    ),
    "optim.Adam": Entry(optim.Adam, {"lr": 0.1, "eps": 1e-8}, positive={"lr", "eps"}),
    "optim.Adam.step": Entry(
        lambda grads: optim.Adam(0.1).step([np.ones(3)], grads), {"grads": [np.ones(3)]}
    ),
    "search.random_search": Entry(
        lambda dim, evaluations, scale: search.random_search(np.sum, dim, evaluations, scale=scale),
        {"dim": 2, "evaluations": 3, "scale": 1.0},
        positive={"scale"},
        whole={"dim", "evaluations"},
    ),
    "search.guided_random_tweaks": Entry(
        lambda theta0, evaluations, step, patience: search.guided_random_tweaks(
            np.sum, theta0, evaluations, step=step, patience=patience
        ),
        {"theta0": np.zeros(2), "evaluations": 3, "step": 0.1, "patience": 2},
        {"theta0"},
        positive={"step"},
        whole={"evaluations", "patience"},
    ),
    "landscapes.Quadratic": Entry(landscapes.Quadratic, {"H": np.eye(2)}, {"H"}),
    "landscapes.Quadratic.value": Entry(lambda w: landscapes.elongated_bowl().value(w), {"w": np.ones(2)}),
    "landscapes.Quadratic.grad": Entry(lambda w: landscapes.elongated_bowl().grad(w), {"w": np.ones(2)}),
    "landscapes.parabola": Entry(landscapes.parabola, {"curvature": 2.0}, positive={"curvature"}),
    "landscapes.elongated_bowl": Entry(
        lambda curvatures, angle: landscapes.elongated_bowl(curvatures, angle),
        {"curvatures": np.array([1.0, 5.0]), "angle": 10.0},
        {"curvatures"},
    ),
    "train.fit": Entry(
        lambda X, y, epochs, lr, batch_size: train.fit(
            models.MLP([3, 3]), X, y, epochs, lr, batch_size=batch_size
        ),
        {"X": Z, "y": Y, "epochs": 1, "lr": 0.1, "batch_size": 2},
        {"X", "y"},
        positive={"lr"},
        whole={"epochs"},  # batch_size=None is allowed; its errors are in test_train
    ),
    "optim.SGD.step": Entry(
        lambda grads: optim.SGD(0.1).step([np.ones(3)], grads), {"grads": [np.ones(3)]}
    ),
    "optim.gradient_descent": Entry(
        lambda x0, lr, steps: optim.gradient_descent(lambda x: 2 * x, x0, lr, steps),
        {"x0": np.ones(2), "lr": 0.1, "steps": 3},
        positive={"lr"},
        whole={"steps"},
    ),
    "gradcheck.numerical_gradient": Entry(
        lambda x, eps: gradcheck.numerical_gradient(lambda v: float(np.sum(v)), x, eps),
        {"x": np.ones(3), "eps": 1e-6},
        positive={"eps"},
    ),
    "gradcheck.relative_error": Entry(gradcheck.relative_error, {"a": V, "b": T}),
    "gradcheck.gradient_report": Entry(
        lambda X, y: gradcheck.gradient_report(models.MLP([3, 2, 3]), X, y), {"X": Z, "y": Y}, {"X", "y"}
    ),
    "data.noisy_line": Entry(data.noisy_line, {"n": 5}, whole={"n"}),
    "data.make_spirals": Entry(
        data.make_spirals, {"n_per_class": 5, "n_classes": 3}, whole={"n_per_class", "n_classes"}
    ),
    "widgets.slider": Entry(
        lambda values, dpi: widgets.slider(_draw, values, label="v", dpi=dpi),
        {"values": np.array([1.0, 2.0]), "dpi": 20},
        {"values"},
        positive={"dpi"},
    ),
}

# Public callables that take no data to validate, with the reason.
EXEMPT = {
    "plots.use_style": "takes no arguments",
    "data.pass_fail": "takes no arguments",
    "source.show_source": "takes a Python object; its TypeError is tested below",
    "layers.Layer": "an abstract base with no arguments",
    "layers.ReLU": "takes no arguments",
    "layers.Sigmoid": "takes no arguments",
    "layers.Tanh": "takes no arguments",
    "layers.SoftmaxCrossEntropy": "takes no arguments",
    "gradcheck.GradientRow": "a record built by gradient_report",
    "gradcheck.GradientReport": "a record built by gradient_report",
    "widgets.StaticSlider": "a record built by slider",
    "search.SearchResult": "a record returned by the searches",
    "train.History": "a record returned by fit",
    "exercises.Feedback": "a record returned by the checkers",
    "exercises.Mistake": "a record in the checkers' catalogues",
    "exercises.check_function": "grades learner code: any input becomes feedback, not an error",
    "exercises.check_mse": "grades learner code: any input becomes feedback, not an error",
    "exercises.check_mse_grad": "grades learner code: any input becomes feedback, not an error",
    "exercises.check_binary_cross_entropy": "grades learner code: any input becomes feedback",
    "exercises.check_softmax_cross_entropy": "grades learner code: any input becomes feedback",
}
NO_ARGUMENT_METHODS = {
    "parameters", "gradients", "parameter_names", "backward", "dense_layers", "passed", "ok"
}


def _public_callables():
    modules = [
        activations, data, gradcheck, landscapes, layers, losses, models, optim, plots, search,
        source, train, widgets,
    ]
    for module in modules:
        short = module.__name__.removeprefix("course_lib.")
        for name, obj in vars(module).items():
            if name.startswith("_") or not callable(obj):
                continue
            if getattr(obj, "__module__", None) != module.__name__:
                continue
            yield f"{short}.{name}"
            if inspect.isclass(obj):
                for method, member in vars(obj).items():
                    if (
                        inspect.isfunction(member)
                        and not method.startswith("_")
                        and method not in NO_ARGUMENT_METHODS
                    ):
                        yield f"{short}.{name}.{method}"
    for name in exercises.__all__:
        yield f"exercises.{name}"


def test_every_public_callable_is_covered():
    missing = [
        name
        for name in _public_callables()
        if name not in ENTRIES and name not in EXEMPT and not _inherited(name)
    ]
    assert missing == [], f"add an ENTRIES or EXEMPT line for: {missing}"


def _inherited(name):
    # Sigmoid.forward and Tanh.forward are ReLU.forward's code (one base class).
    parts = name.split(".")
    return len(parts) == 3 and parts[1] in {"Sigmoid", "Tanh"} and f"layers.ReLU.{parts[2]}" in ENTRIES


def test_valid_arguments_work():
    for name, entry in ENTRIES.items():
        entry.fn(**entry.kwargs)  # raises if an entry itself is wrong


def _spoiled(entry):
    """(argument, spoiled value) pairs for every argument of an entry."""
    for arg, value in entry.kwargs.items():
        if isinstance(value, np.ndarray):
            for bad in (np.nan, np.inf):
                spoiled = value.astype(float).copy()
                spoiled.flat[-1] = bad
                yield arg, spoiled
            yield arg, value[:0]  # empty
            yield arg, np.array(["a"] * value.size).reshape(value.shape)  # not numbers
            if arg in entry.fixed_ndim:
                yield arg, value.reshape(-1) if value.ndim == 2 else value.reshape(-1, 1)
                yield arg, value[np.newaxis]
        elif arg in entry.positive:
            yield from ((arg, bad) for bad in (0, -1.0, np.nan, np.inf, "0.1", True))
        elif arg in entry.whole:
            yield from ((arg, bad) for bad in (0, -3, 2.5, "3", None))


CASES = [
    pytest.param(name, arg, bad, id=f"{name}-{arg}-{i}")
    for name, entry in ENTRIES.items()
    for i, (arg, bad) in enumerate(_spoiled(entry))
]


@pytest.mark.parametrize("name, arg, bad", CASES)
def test_bad_argument_is_named_in_the_error(name, arg, bad):
    entry = ENTRIES[name]
    with pytest.raises((ValueError, TypeError)) as error:
        entry.fn(**{**entry.kwargs, arg: bad})
    assert arg in str(error.value), f"{name}: message does not name {arg!r}: {error.value}"


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: losses.softmax_cross_entropy(Z, [0, 1, 3, 0]), r"y must hold labels in 0 \.\. 2 .*got values from 0 to 3"),
        (lambda: losses.softmax_cross_entropy(Z, [0, 1, -1, 0]), r"y must hold labels in 0 \.\. 2"),
        (lambda: losses.softmax_cross_entropy(Z, [0, 1.5, 1, 0]), r"y must hold integer class labels; got the non-integer value 1.5"),
        (lambda: losses.softmax_cross_entropy(Z, [0, 1]), r"y must be integer labels of shape \(4,\); got a 1-D array of shape \(2,\)"),
        (lambda: losses.softmax_cross_entropy(Z, np.eye(3)[[0, 1, 2, 0]] * 2), r"each row of y must sum to 1|y must hold probabilities"),
        (lambda: models.MLP([3, 4, 3]).forward(np.ones((2, 5))), r"X must have shape \(n_samples, n_features\) with 3 columns; got a 2-D array of shape \(2, 5\)"),
        (lambda: models.MLP([3, 0, 3]), r"sizes\[1\] must be a positive integer \(>= 1\); got 0"),
        (lambda: models.MLP([3]), r"sizes must list at least 2 widths"),
        (lambda: models.MLP("343"), r"sizes must be a list of layer widths"),
        (lambda: models.MLP([3, 3], activation="softplus"), r"activation must be one of"),
        (lambda: models.MLP([3, 3], seed=-1), r"seed must be a non-negative int"),
        (lambda: models.MLP([3, 3], seed=1.5), r"seed must be an int or a numpy.random.Generator"),
        (lambda: layers.Dense(3, 2, init="lecun"), r"init must be one of \('he', 'xavier'\)"),
        (lambda: layers.Dense(0, 2), r"n_in must be a positive integer \(>= 1\); got 0"),
        (lambda: optim.SGD(float("nan")), r"lr must be a finite number; got nan"),
        (lambda: optim.SGD(-0.1), r"lr must be a finite number > 0; got -0.1"),
        (lambda: optim.SGD(0.1).step([np.ones(3)], [np.ones(3), np.ones(2)]), r"same length; got 1 params and 2 grads"),
        (lambda: optim.SGD(0.1).step([np.ones(3)], [np.ones(2)]), r"grads\[0\] must have the shape of params\[0\], \(3,\); got a 1-D array of shape \(2,\)"),
        (lambda: optim.SGD(0.1).step([np.ones(3, dtype=int)], [np.ones(3)]), r"params\[0\] must be a float numpy array.*int64"),
        (lambda: optim.SGD(0.1).step([[1.0, 2.0]], [np.ones(2)]), r"params\[0\] must be a float numpy array"),
        (lambda: optim.SGD(0.1).step(np.ones(3), np.ones(3)), r"params must be a list of arrays"),
        (lambda: optim.SGD(0.1).step([], []), r"params is empty"),
        (lambda: losses.binary_cross_entropy([1.2, 0.5], [1.0, 0.0]), r"p must hold probabilities in \[0, 1\]; got values from 0.5 to 1.2"),
        (lambda: data.noisy_line(slope=float("nan")), r"slope must be a finite number"),
        (lambda: data.noisy_line(noise=-1.0), r"noise must be a finite number >= 0"),
        (lambda: data.make_spirals(n_classes=1), r"n_classes must be at least 2"),
        (lambda: source.show_source(3), r"obj must be a function, method or class"),
        (lambda: activations.softmax(np.ones((2, 2, 2))), r"z must be a 1-D array or a 2-D array|z must be an array of shape \(n, k\) or \(k,\); got a 3-D array"),
        (lambda: losses.mse([[1.0, 2.0], [3.0]], [1.0, 2.0]), r"y_pred must be a rectangular array of numbers"),
    ],
)
def test_specific_messages(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()
