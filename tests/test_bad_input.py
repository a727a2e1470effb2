"""Bad input: every public function rejects it with an error that names the argument.

Each entry below calls one public function or method with valid arguments;
the tests then spoil one argument at a time (NaN, inf, empty, wrong number
of dimensions, wrong type, non-positive numbers) and expect a ValueError or
TypeError whose message names that argument. ``test_every_public_callable_
is_covered`` fails when a new public function is added without an entry.
"""

import importlib
import inspect
import pkgutil
import re
from dataclasses import dataclass, field

import numpy as np
import pytest

import course_lib
from course_lib import (
    activations,
    autograd,
    data,
    gradcheck,
    gradflow,
    landscapes,
    layers,
    losses,
    models,
    optim,
    plots,
    quiz,
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


def _layer_norm_backward(dY):
    layer = layers.LayerNorm()
    layer.forward(Z)
    return layer.backward(dY)


def _residual_backward(dY):
    block = layers.Residual([layers.Dense(3, 3), layers.Tanh()])
    block.forward(Z)
    return block.backward(dY)


def _sequential():
    return models.Sequential([layers.Dense(3, 4), layers.Tanh(), layers.Dense(4, 3)])


def _draw(fig, value):
    fig.add_subplot().plot([0, 1], [0, value])


def _reused(optimizer, other_params):
    """Step ``optimizer`` on one array, then on ``other_params`` (another model's arrays)."""
    optimizer.step([np.ones(3)], [np.ones(3)])
    optimizer.step(other_params, [np.ones_like(p) for p in other_params])


@dataclass
class Entry:
    """One public callable, its valid arguments, and what each argument must be.

    Array arguments (numpy arrays) are always spoiled with NaN, inf, an empty
    array and strings; ``fixed_ndim`` ones also with a wrong number of
    dimensions. List arguments are spoiled by emptying them and by breaking an
    element. The named sets say how to spoil the scalar arguments.
    """

    fn: object
    kwargs: dict
    fixed_ndim: set = field(default_factory=set)
    positive: set = field(default_factory=set)  # finite numbers > 0
    non_negative: set = field(default_factory=set)  # finite numbers >= 0
    finite: set = field(default_factory=set)  # any finite number
    whole: set = field(default_factory=set)  # whole numbers >= 1
    seeds: set = field(default_factory=set)  # an int >= 0 or a Generator


ENTRIES = {
    "autograd.Value": Entry(autograd.Value, {"data": 1.5}, finite={"data"}),
    "autograd.as_values": Entry(autograd.as_values, {"a": Z}),
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
    "losses.sigmoid_cross_entropy": Entry(losses.sigmoid_cross_entropy, {"z": V, "y": T}),
    "losses.sigmoid_cross_entropy_grad": Entry(losses.sigmoid_cross_entropy_grad, {"z": V, "y": T}),
    "losses.cross_entropy": Entry(losses.cross_entropy, {"probs": P, "y": Y}, {"probs", "y"}),
    "losses.cross_entropy_grad": Entry(
        losses.cross_entropy_grad, {"probs": P, "y": Y}, {"probs", "y"}
    ),
    "losses.softmax_cross_entropy": Entry(
        losses.softmax_cross_entropy, {"logits": Z, "y": Y}, {"logits", "y"}
    ),
    "losses.softmax_cross_entropy_grad": Entry(
        losses.softmax_cross_entropy_grad, {"logits": Z, "y": Y}, {"logits", "y"}
    ),
    "layers.Dense": Entry(
        lambda n_in, n_out, init, seed: layers.Dense(n_in, n_out, init=init, seed=seed),
        {"n_in": 3, "n_out": 2, "init": 0.1, "seed": 0},
        whole={"n_in", "n_out"},
        positive={"init"},
        seeds={"seed"},
    ),
    "layers.Dense.forward": Entry(lambda X: layers.Dense(3, 2).forward(X), {"X": Z}, {"X"}),
    "layers.Dense.backward": Entry(_dense_backward, {"dZ": np.ones((4, 2))}, {"dZ"}),
    "layers.ReLU.forward": Entry(lambda Z: layers.ReLU().forward(Z), {"Z": Z}, {"Z"}),
    "layers.ReLU.backward": Entry(_activation_backward, {"dA": np.ones((4, 3))}, {"dA"}),
    "layers.SoftmaxCrossEntropy.forward": Entry(
        lambda Z, y: layers.SoftmaxCrossEntropy().forward(Z, y), {"Z": Z, "y": Y}, {"Z", "y"}
    ),
    "models.MLP": Entry(
        lambda sizes, seed, init: models.MLP(sizes, seed=seed, init=init),
        {"sizes": [3, 4, 3], "seed": 0, "init": 0.5},
        positive={"init"},
        seeds={"seed"},
    ),
    "models.MLP.forward": Entry(lambda X: models.MLP([3, 4, 3]).forward(X), {"X": Z}, {"X"}),
    "models.MLP.loss": Entry(
        lambda X, y: models.MLP([3, 4, 3]).loss(X, y), {"X": Z, "y": Y}, {"X", "y"}
    ),
    "models.MLP.predict": Entry(lambda X: models.MLP([3, 4, 3]).predict(X), {"X": Z}, {"X"}),
    "models.MLP.predict_proba": Entry(
        lambda X: models.MLP([3, 4, 3]).predict_proba(X), {"X": Z}, {"X"}
    ),
    "models.Neuron": Entry(
        models.Neuron, {"n_features": 2, "seed": 0}, whole={"n_features"}, seeds={"seed"}
    ),
    "models.Neuron.loss": Entry(
        lambda X, y: models.Neuron(3).loss(X, y),
        {"X": Z, "y": np.array([0.0, 1.0, 1.0, 0.0])},
        {"X", "y"},
    ),
    "models.Neuron.predict": Entry(lambda X: models.Neuron(3).predict(X), {"X": Z}, {"X"}),
    "models.Neuron.predict_proba": Entry(
        lambda X: models.Neuron(3).predict_proba(X), {"X": Z}, {"X"}
    ),
    "models.LinearRegression": Entry(
        models.LinearRegression, {"n_features": 2, "seed": 0}, whole={"n_features"}, seeds={"seed"}
    ),
    "models.LinearRegression.loss": Entry(
        lambda X, y: models.LinearRegression(3).loss(X, y),
        {"X": Z, "y": np.arange(4.0)},
        {"X", "y"},
    ),
    "models.Neuron.forward": Entry(lambda X: models.Neuron(3).forward(X), {"X": Z}, {"X"}),
    "models.LinearRegression.predict": Entry(
        lambda X: models.LinearRegression(3).predict(X), {"X": Z}, {"X"}
    ),
    "models.ThreeNeuronNet": Entry(
        models.ThreeNeuronNet, {"seed": 0, "scale": 0.5}, positive={"scale"}, seeds={"seed"}
    ),
    "models.ThreeNeuronNet.forward": Entry(
        lambda x: models.ThreeNeuronNet().forward(x), {"x": np.ones(4)}, {"x"}
    ),
    "models.ThreeNeuronNet.loss": Entry(
        lambda x, y: models.ThreeNeuronNet().loss(x, y),
        {"x": np.ones(4), "y": 1.0},
        {"x"},
        finite={"y"},
    ),
    "models.ThreeNeuronNet.gradients_elementwise": Entry(
        lambda x, y: models.ThreeNeuronNet().gradients_elementwise(x, y),
        {"x": np.ones(4), "y": 1.0},
        {"x"},
        finite={"y"},
    ),
    "gradflow.layer_gradient_norms": Entry(
        lambda X, y: gradflow.layer_gradient_norms(models.MLP([3, 4, 3]), X, y),
        {"X": Z, "y": Y},
        {"X", "y"},
    ),
    "gradflow.layer_dZ_norms": Entry(
        lambda X, y: gradflow.layer_dZ_norms(models.MLP([3, 4, 3]), X, y),
        {"X": Z, "y": Y},
        {"X", "y"},
    ),
    "gradflow.layer_output_spread": Entry(
        lambda X: gradflow.layer_output_spread(models.MLP([3, 4, 3]), X), {"X": Z}, {"X"}
    ),
    "gradflow.layer_sample_spread": Entry(
        lambda X: gradflow.layer_sample_spread(models.MLP([3, 4, 3]), X), {"X": Z}, {"X"}
    ),
    "gradflow.layer_mean_slopes": Entry(
        lambda X: gradflow.layer_mean_slopes(models.MLP([3, 4, 3]), X), {"X": Z}, {"X"}
    ),
    "gradflow.layer_pre_activations": Entry(
        lambda X: gradflow.layer_pre_activations(models.MLP([3, 4, 3]), X), {"X": Z}, {"X"}
    ),
    "gradflow.layer_saturation": Entry(
        lambda X, slope_below: gradflow.layer_saturation(models.MLP([3, 4, 3]), X, slope_below),
        {"X": Z, "slope_below": 0.1},
        {"X"},
        positive={"slope_below"},
    ),
    "layers.LeakyReLU": Entry(layers.LeakyReLU, {"alpha": 0.1}, positive={"alpha"}),
    "layers.LayerNorm.forward": Entry(lambda Z: layers.LayerNorm().forward(Z), {"Z": Z}, {"Z"}),
    "layers.LayerNorm.backward": Entry(_layer_norm_backward, {"dY": np.ones((4, 3))}, {"dY"}),
    "layers.Residual": Entry(layers.Residual, {"inner": [layers.Dense(3, 3), layers.Tanh()]}),
    "layers.dense_layers_of": Entry(
        layers.dense_layers_of, {"layers": [layers.Dense(3, 3), layers.Tanh()]}
    ),
    "layers.Residual.forward": Entry(
        lambda X: layers.Residual([layers.Dense(3, 3)]).forward(X), {"X": Z}, {"X"}
    ),
    "layers.Residual.backward": Entry(_residual_backward, {"dY": np.ones((4, 3))}, {"dY"}),
    "models.Sequential": Entry(
        models.Sequential, {"layers": [layers.Dense(3, 4), layers.Tanh(), layers.Dense(4, 3)]}
    ),
    "models.Sequential.forward": Entry(lambda X: _sequential().forward(X), {"X": Z}, {"X"}),
    "models.Sequential.loss": Entry(
        lambda X, y: _sequential().loss(X, y), {"X": Z, "y": Y}, {"X", "y"}
    ),
    "models.Sequential.prepare": Entry(
        lambda X, y: _sequential().prepare(X, y), {"X": Z, "y": Y}, {"X", "y"}
    ),
    "models.Sequential.predict": Entry(lambda X: _sequential().predict(X), {"X": Z}, {"X"}),
    "models.Sequential.predict_proba": Entry(
        lambda X: _sequential().predict_proba(X), {"X": Z}, {"X"}
    ),
    "optim.clip_grad_norm": Entry(
        optim.clip_grad_norm,
        {"grads": [np.ones(3), np.ones((2, 2))], "max_norm": 1.0},
        positive={"max_norm"},
    ),
    "optim.Clipped": Entry(
        lambda max_norm: optim.Clipped(optim.SGD(0.1), max_norm),
        {"max_norm": 1.0},
        positive={"max_norm"},
    ),
    "optim.Clipped.step": Entry(
        lambda params, grads: optim.Clipped(optim.SGD(0.1), 1.0).step(params, grads),
        {"params": [np.ones(3)], "grads": [np.ones(3)]},
    ),
    "optim.SGD": Entry(optim.SGD, {"lr": 0.1}, positive={"lr"}),
    "optim.Optimizer": Entry(optim.Optimizer, {"lr": 0.1}, positive={"lr"}),
    "optim.Optimizer.begin_step": Entry(
        lambda params, grads: optim.Optimizer(0.1).begin_step(params, grads),
        {"params": [np.ones(3), np.ones(2)], "grads": [np.ones(3), np.ones(2)]},
    ),
    "models.MLP.prepare": Entry(
        lambda X, y: models.MLP([3, 4, 3]).prepare(X, y), {"X": Z, "y": Y}, {"X", "y"}
    ),
    "models.Neuron.prepare": Entry(
        lambda X, y: models.Neuron(3).prepare(X, y),
        {"X": Z, "y": np.array([0.0, 1.0, 1.0, 0.0])},
        {"X", "y"},
    ),
    "optim.Momentum": Entry(
        optim.Momentum, {"lr": 0.1, "beta": 0.9}, positive={"lr"}, non_negative={"beta"}
    ),
    "optim.Momentum.step": Entry(
        lambda params, grads: optim.Momentum(0.1).step(params, grads),
        {"params": [np.ones(3)], "grads": [np.ones(3)]},
    ),
    "optim.Adam": Entry(
        optim.Adam,
        {"lr": 0.1, "beta1": 0.9, "beta2": 0.99, "eps": 1e-8},
        positive={"lr", "eps"},
        non_negative={"beta1", "beta2"},
    ),
    "optim.Adam.step": Entry(
        lambda params, grads: optim.Adam(0.1).step(params, grads),
        {"params": [np.ones(3)], "grads": [np.ones(3)]},
    ),
    "search.random_search": Entry(
        lambda dim, evaluations, scale, seed: search.random_search(
            np.sum, dim, evaluations, scale=scale, seed=seed
        ),
        {"dim": 2, "evaluations": 3, "scale": 1.0, "seed": 0},
        positive={"scale"},
        whole={"dim", "evaluations"},
        seeds={"seed"},
    ),
    "search.guided_random_tweaks": Entry(
        lambda theta0, evaluations, step, patience, seed: search.guided_random_tweaks(
            np.sum, theta0, evaluations, step=step, patience=patience, seed=seed
        ),
        {"theta0": np.zeros(2), "evaluations": 3, "step": 0.1, "patience": 2, "seed": 0},
        {"theta0"},
        positive={"step"},
        whole={"evaluations", "patience"},
        seeds={"seed"},
    ),
    "landscapes.Quadratic": Entry(
        landscapes.Quadratic, {"H": np.eye(2), "minimum": np.ones(2)}, {"H", "minimum"}
    ),
    "landscapes.Quadratic.value": Entry(
        lambda w: landscapes.elongated_bowl().value(w), {"w": np.ones(2)}
    ),
    "landscapes.Quadratic.grad": Entry(
        lambda w: landscapes.elongated_bowl().grad(w), {"w": np.ones(2)}
    ),
    "landscapes.parabola": Entry(
        landscapes.parabola,
        {"curvature": 2.0, "minimum": 1.0},
        positive={"curvature"},
        finite={"minimum"},
    ),
    "landscapes.elongated_bowl": Entry(
        lambda curvatures, angle, minimum: landscapes.elongated_bowl(curvatures, angle, minimum),
        {"curvatures": np.array([1.0, 5.0]), "angle": 10.0, "minimum": np.zeros(2)},
        {"curvatures", "minimum"},
        finite={"angle"},
    ),
    "landscapes.Wells": Entry(
        lambda centres, depths, widths, curvature: landscapes.Wells(
            centres, depths, widths, curvature
        ),
        {
            "centres": np.array([[1.0, 0.0], [-1.0, 0.5]]),
            "depths": np.array([1.0, -0.5]),
            "widths": np.array([0.5, 0.8]),
            "curvature": 0.1,
        },
        {"centres", "depths", "widths"},
        non_negative={"curvature"},
    ),
    "landscapes.Wells.value": Entry(lambda w: landscapes.valleys_2d().value(w), {"w": np.ones(2)}),
    "landscapes.Wells.grad": Entry(lambda w: landscapes.valleys_2d().grad(w), {"w": np.ones(2)}),
    "landscapes.Wells.hessian": Entry(
        lambda w: landscapes.valleys_2d().hessian(w), {"w": np.ones(2)}
    ),
    "train.fit": Entry(
        lambda X, y, epochs, lr, batch_size, seed, weight_decay: train.fit(
            models.MLP([3, 3]),
            X,
            y,
            epochs,
            lr,
            batch_size=batch_size,
            seed=seed,
            weight_decay=weight_decay,
        ),
        {"X": Z, "y": Y, "epochs": 1, "lr": 0.1, "batch_size": 2, "seed": 0, "weight_decay": 0.1},
        {"X", "y"},
        positive={"lr"},
        non_negative={"weight_decay"},
        whole={"epochs"},  # batch_size=None is allowed; its errors are in test_train
        seeds={"seed"},
    ),
    "train.l2_penalty": Entry(
        lambda weight_decay: train.l2_penalty(models.MLP([3, 3]), weight_decay),
        {"weight_decay": 0.1},
        non_negative={"weight_decay"},
    ),
    "optim.SGD.step": Entry(
        lambda params, grads: optim.SGD(0.1).step(params, grads),
        {"params": [np.ones(3), np.ones(2)], "grads": [np.ones(3), np.ones(2)]},
    ),
    "optim.gradient_descent": Entry(
        lambda w0, lr, steps: optim.gradient_descent(lambda w: 2 * w, w0, lr, steps),
        {"w0": np.ones(2), "lr": 0.1, "steps": 3},
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
        lambda X, y, eps: gradcheck.gradient_report(models.MLP([3, 2, 3]), X, y, eps),
        {"X": Z, "y": Y, "eps": 1e-6},
        {"X", "y"},
        positive={"eps"},
    ),
    "data.noisy_line": Entry(
        data.noisy_line,
        {"n": 5, "slope": 2.0, "intercept": 1.0, "noise": 0.5, "seed": 0},
        whole={"n"},
        finite={"slope", "intercept"},
        non_negative={"noise"},
        seeds={"seed"},
    ),
    "data.make_regression": Entry(
        data.make_regression,
        {"n_samples": 5, "n_features": 2, "noise": 0.5, "seed": 0},
        whole={"n_samples", "n_features"},
        non_negative={"noise"},
        seeds={"seed"},
    ),
    "data.make_blobs": Entry(
        data.make_blobs,
        {"n_per_class": 5, "centers": np.array([[0.0, 0.0], [1.0, 1.0]]), "spread": 0.5, "seed": 0},
        {"centers"},
        whole={"n_per_class"},
        positive={"spread"},
        seeds={"seed"},
    ),
    "data.split": Entry(
        lambda X, y, fractions, seed: data.split(X, y, fractions, seed),
        {
            "X": np.ones((20, 3)),
            "y": np.arange(20),
            "fractions": np.array([0.5, 0.25, 0.25]),
            "seed": 0,
        },
        {"X", "fractions"},
        seeds={"seed"},
    ),
    "data.standardize": Entry(
        lambda X_train, others: data.standardize(X_train, others),
        {"X_train": Z, "others": Z[:2]},
        {"X_train"},
    ),
    "data.make_spirals": Entry(
        data.make_spirals,
        {"n_per_class": 5, "n_classes": 3, "noise": 0.1, "seed": 0},
        whole={"n_per_class", "n_classes"},
        non_negative={"noise"},
        seeds={"seed"},
    ),
    "plots.figure_size": Entry(
        plots.figure_size, {"rows": 2, "height": 3.0}, whole={"rows"}, positive={"height"}
    ),
    "plots.css_text_px": Entry(
        plots.css_text_px,
        {"min_text_px": 13.9, "width_px": 552.0, "column_px": 358.0},
        positive={"min_text_px", "width_px", "column_px"},
    ),
    "plots.check_readable": Entry(
        plots.check_readable,
        {"min_text_px": 13.9, "width_px": 552.0},
        positive={"min_text_px", "width_px"},
    ),
    "widgets.slider": Entry(
        lambda values, dpi, start: widgets.slider(_draw, values, label="v", dpi=dpi, start=start),
        {"values": np.array([1.0, 2.0]), "dpi": 100, "start": 2.0},
        {"values"},
        positive={"dpi"},
        finite={"start"},
    ),
}

# Public callables that take no data to validate, with the reason.
EXEMPT = {
    "plots.use_style": "takes no arguments",
    "plots.landscape": "draws on matplotlib axes; matplotlib validates its own input",
    "plots.descent_path": "draws on matplotlib axes; matplotlib validates its own input",
    "plots.network_diagram": "draws on matplotlib axes; matplotlib validates its own input",
    "plots.computational_graph": "draws on matplotlib axes; tests/test_plots_graph.py gives it "
    "malformed nodes and edges",
    "plots.UnreadableFigure": "an exception raised by check_readable",
    "plots.draw_measured": "draws a matplotlib Figure; test_figures gives it unreadable ones",
    "plots.render_png": "draws a matplotlib Figure; test_figures gives it unreadable ones",
    "plots.encode_png": "encodes a PIL image that draw_measured made",
    "plots.min_text_px": "reads PNG bytes; a PNG without the chunk gives None (test_figures)",
    "data.pass_fail": "takes no arguments",
    "landscapes.valleys_1d": "takes no arguments",
    "landscapes.valleys_2d": "takes no arguments",
    "data.load_digits": "takes no arguments",
    "source.show_source": "takes a Python object; its TypeError is tested below",
    "gradcheck.GradientRow": "a record built by gradient_report",
    "gradcheck.GradientReport": "a record built by gradient_report",
    "widgets.StaticSlider": "a record built by slider",
    "search.SearchResult": "a record returned by the searches",
    "train.History": "a record returned by fit",
    "quiz.Option": "text, not numbers; malformed quizzes in test_specific_messages and test_quiz",
    "quiz.Question": "text, not numbers; malformed quizzes in test_specific_messages and test_quiz",
    "quiz.Quiz": "text, not numbers; malformed quizzes in test_specific_messages and test_quiz",
    "quiz.quiz": "text, not numbers; malformed quizzes in test_specific_messages and test_quiz",
    "quiz.right": "text, not numbers; malformed quizzes in test_specific_messages and test_quiz",
    "quiz.wrong": "text, not numbers; malformed quizzes in test_specific_messages and test_quiz",
    "models.check_model": "takes a model object; its TypeError is in test_specific_messages",
    **{
        f"autograd.{name}": "takes Values, not numbers; bad input in tests/test_autograd.py"
        for name in (
            "data_of",
            "grad_of",
            "relu",
            "sigmoid",
            "softmax_cross_entropy",
            "tanh",
            "topological_order",
            "zero_grad",
        )
    },
    **{
        f"kernels.{name}": (
            "the unchecked fast path: trusts its input by design (kernels' docstring)"
        )
        for name in (
            "init_std",
            "log_softmax",
            "logit_gradient",
            "mse",
            "mse_grad",
            "relu",
            "relu_slope",
            "sigmoid",
            "sigmoid_cross_entropy",
            "sigmoid_slope",
            "softmax",
            "softmax_cross_entropy",
            "tanh",
            "tanh_slope",
        )
    },
    **{
        f"layers.{layer}.{method}": "unchecked by design: forward/backward check, then call it"
        for layer in ("Activation", "Dense", "ReLU", "Sigmoid", "Tanh", "SoftmaxCrossEntropy")
        for method in ("propagate", "backpropagate")
        if (layer, method) != ("SoftmaxCrossEntropy", "backpropagate")  # takes no arguments
    },
    "layers.Dense.parameter_gradients": "unchecked by design: backward checks, then calls it",
    **{
        f"layers.{layer}.{method}": "unchecked by design: forward/backward check, then call it"
        for layer in ("LeakyReLU", "LayerNorm", "Residual")
        for method in ("propagate", "backpropagate")
    },
    "layers.LeakyReLU.function": "unchecked by design: the formula propagate applies",
    "layers.LeakyReLU.slope": "unchecked by design: the formula backpropagate applies",
    "models.Sequential.batch_loss": "unchecked by design: takes the rows prepare() checked",
    **{
        f"models.{model}.batch_loss": "unchecked by design: takes the rows prepare() checked"
        for model in ("MLP", "Neuron", "LinearRegression")
    },
}


def _public_modules():
    """Every public module of course_lib (exercises, which grades code, apart)."""
    for info in pkgutil.iter_modules(course_lib.__path__):
        if not info.name.startswith("_") and info.name != "exercises":
            yield importlib.import_module(f"course_lib.{info.name}")


def _takes_arguments(function) -> bool:
    parameters = list(inspect.signature(function).parameters)
    return bool(parameters[1:] if parameters[:1] == ["self"] else parameters)


def _public_callables():
    for module in _public_modules():
        short = module.__name__.removeprefix("course_lib.")
        for name, obj in vars(module).items():
            if name.startswith("_") or not callable(obj):
                continue
            if getattr(obj, "__module__", None) != module.__name__:
                continue
            if not inspect.isclass(obj):
                yield f"{short}.{name}"
                continue
            if obj.__init__ is not object.__init__ and _takes_arguments(obj.__init__):
                yield f"{short}.{name}"
            for klass in obj.__mro__:  # inherited public methods count as the class's own
                if klass is object:
                    continue
                for method, member in vars(klass).items():
                    if (
                        inspect.isfunction(member)
                        and not method.startswith("_")
                        and _takes_arguments(member)
                    ):
                        yield f"{short}.{name}.{method}"


# Methods whose code another entry already runs: the same function, inherited.
SAME_CODE = {
    "layers.Sigmoid.forward": "layers.ReLU.forward",
    "layers.Sigmoid.backward": "layers.ReLU.backward",
    "layers.Tanh.forward": "layers.ReLU.forward",
    "layers.Tanh.backward": "layers.ReLU.backward",
    "models.LinearRegression.forward": "models.Neuron.forward",
    "models.LinearRegression.prepare": "models.Neuron.prepare",
    "layers.Activation.forward": "layers.ReLU.forward",
    "layers.Activation.backward": "layers.ReLU.backward",
    "optim.SGD.begin_step": "optim.Optimizer.begin_step",
    "optim.Momentum.begin_step": "optim.Optimizer.begin_step",
    "optim.Adam.begin_step": "optim.Optimizer.begin_step",
    "layers.LeakyReLU.forward": "layers.ReLU.forward",
    "layers.LeakyReLU.backward": "layers.ReLU.backward",
}


def test_every_public_callable_is_covered():
    found = set(_public_callables())
    assert len(found) > 40  # the enumeration itself works
    missing = sorted(
        name
        for name in found
        if name not in ENTRIES and name not in EXEMPT and name not in SAME_CODE
    )
    assert missing == [], f"add an ENTRIES or EXEMPT line for: {missing}"
    stale = sorted(name for name in [*ENTRIES, *EXEMPT, *SAME_CODE] if name not in found)
    assert stale == [], f"these entries name nothing public: {stale}"


def test_valid_arguments_work():
    for entry in ENTRIES.values():
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
            yield arg, value.astype(bool)  # booleans are not numbers either
            if arg in entry.fixed_ndim:
                yield arg, value.reshape(-1) if value.ndim == 2 else value.reshape(-1, 1)
                yield arg, value[np.newaxis]
        elif isinstance(value, list):
            yield arg, []
            yield arg, value[:1] + ["a"]
            if isinstance(value[0], np.ndarray):
                yield arg, [np.full_like(v, np.nan) for v in value]
            else:
                yield arg, value[:-1] + [0]
        elif arg in entry.positive:
            yield from ((arg, bad) for bad in (0, -1.0, np.nan, np.inf, "0.1", True))
        elif arg in entry.non_negative:
            yield from ((arg, bad) for bad in (-1.0, np.nan, np.inf, "0.1", True))
        elif arg in entry.finite:
            yield from ((arg, bad) for bad in (np.nan, np.inf, "0.1"))
        elif arg in entry.whole:
            yield from ((arg, bad) for bad in (0, -3, 2.5, "3", None))
        elif arg in entry.seeds:
            yield from ((arg, bad) for bad in (-1, 1.5, "0", None))


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
    assert names(arg, str(error.value)), f"{name}: message does not name {arg!r}: {error.value}"


def names(arg: str, message: str) -> bool:
    """Whether ``message`` names ``arg`` as a whole word ("X must", "`X`", "params[0]").

    A one-letter name inside another word, as X in "eXpected", does not count.
    """
    return re.search(rf"(?<![\w.]){re.escape(arg)}(?!\w)", message) is not None


def test_names_matches_whole_words_only():
    assert (
        names("X", "X must be a 2-D array")
        and names("X", "`X` is empty")
        and names("X", "(X = [1])")
    )
    assert names("params", "params[0] must be a float array") and names("y", "got y of shape (2,)")
    assert not names("X", "expected an array") and not names("X", "X_train is empty")
    assert (
        not names("x", "max must be")
        and not names("y", "y_pred must be")
        and not names("b", "model.b")
    )
    assert not names("n", "n_classes must be at least 2") and not names("lr", "lr_scale")


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: losses.softmax_cross_entropy(Z, [0, 1, 3, 0]),
            r"y must hold labels in 0 \.\. 2 .*got values from 0 to 3",
        ),
        (lambda: losses.softmax_cross_entropy(Z, [0, 1, -1, 0]), r"y must hold labels in 0 \.\. 2"),
        (
            lambda: losses.softmax_cross_entropy(Z, [0, 1.5, 1, 0]),
            r"y must hold integer class labels; got the non-integer value 1.5",
        ),
        (
            lambda: losses.softmax_cross_entropy(Z, [0, 1]),
            r"y must be integer labels of shape \(4,\); got a 1-D array of shape \(2,\)",
        ),
        (
            lambda: losses.softmax_cross_entropy(Z, np.eye(3)[[0, 1, 2, 0]] * 2),
            r"each row of y must sum to 1|y must hold probabilities",
        ),
        (
            lambda: models.MLP([3, 4, 3]).forward(np.ones((2, 5))),
            r"X must have shape \(n_samples, n_features\) with 3 columns; "
            r"got a 2-D array of shape \(2, 5\)",
        ),
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
        (
            lambda: optim.SGD(0.1).step([np.ones(3)], [np.ones(3), np.ones(2)]),
            r"same length; got 1 params and 2 grads",
        ),
        (
            lambda: optim.SGD(0.1).step([np.ones(3)], [np.ones(2)]),
            r"grads\[0\] must have the shape of params\[0\], \(3,\); "
            r"got a 1-D array of shape \(2,\)",
        ),
        (
            lambda: optim.SGD(0.1).step([np.ones(3, dtype=int)], [np.ones(3)]),
            r"params\[0\] must be a float numpy array.*int64",
        ),
        (
            lambda: optim.SGD(0.1).step([[1.0, 2.0]], [np.ones(2)]),
            r"params\[0\] must be a float numpy array",
        ),
        (lambda: optim.SGD(0.1).step(np.ones(3), np.ones(3)), r"params must be a list of arrays"),
        (lambda: optim.SGD(0.1).step([], []), r"params is empty"),
        (
            lambda: losses.binary_cross_entropy([1.2, 0.5], [1.0, 0.0]),
            r"p must hold probabilities in \[0, 1\]; got values from 0.5 to 1.2",
        ),
        (lambda: data.noisy_line(slope=float("nan")), r"slope must be a finite number"),
        (lambda: data.noisy_line(noise=-1.0), r"noise must be a finite number >= 0"),
        (lambda: data.make_spirals(n_classes=1), r"n_classes must be at least 2"),
        (lambda: source.show_source(3), r"obj must be a function, method or class"),
        (
            lambda: activations.softmax(np.ones((2, 2, 2))),
            r"z must be a 1-D array or a 2-D array"
            r"|z must be an array of shape \(n, k\) or \(k,\); got a 3-D array",
        ),
        (
            lambda: losses.mse([[1.0, 2.0], [3.0]], [1.0, 2.0]),
            r"y_pred must be a rectangular array of numbers",
        ),
        # issue 13: labels far outside the classes are reported as they are, not wrapped to -2**63
        (
            lambda: losses.softmax_cross_entropy(Z, [0, 1, 1e300, 0]),
            r"y must hold labels in 0 \.\. 2 .*got values from 0 to 1e\+300",
        ),
        (
            lambda: losses.cross_entropy(P, np.array([0.0, 2.0, -1e300, 1.0])),
            r"y must hold labels in 0 \.\. 2 .*got values from -1e\+300 to 2",
        ),
        # issue 13: a diverging descent blames the learning rate (with the bound when known),
        # not grad
        (
            lambda: optim.gradient_descent(lambda x: 2 * x, 1.0, 1.5, 3000),
            r"diverged.*lr=1\.5 is too large.*stable only for lr < 2/2 = 1;",
        ),
        (
            lambda: optim.gradient_descent(landscapes.parabola(4.0).grad, np.ones(1), 0.6, 5000),
            r"lr=0\.6 is too large here: this bowl is stable only for lr < 2/λ_max = 0\.5",
        ),
        # issue 13: an optimizer belongs to the arrays of its first step
        (
            lambda: _reused(optim.Momentum(0.1), [np.ones(3)]),
            r"params must be the arrays this optimizer, Momentum\(lr=0\.1, beta=0\.9\), "
            r"took its first step on",
        ),
        (
            lambda: _reused(optim.Adam(0.1), [np.ones(2)]),
            r"params must be the arrays .* \(shapes \[\(3,\)\]\)"
            r".*got other arrays of shapes \[\(2,\)\]",
        ),
        # issue 13: sizes of many GB fail before allocating
        (
            lambda: data.noisy_line(10**9),
            r"n asks for 1,000,000,000 points: .* 14\.9 GiB, more than the 1 GiB",
        ),
        (
            lambda: data.make_spirals(10**9),
            r"n_per_class asks for 1,000,000,000 points in each of 3 classes",
        ),
        (
            lambda: data.make_regression(10**6, 10**3),
            r"n_samples asks for 1,000,000 samples of 1,000 features",
        ),
        # issue 13: malformed quiz and slider input is rejected when built, not when displayed
        (
            lambda: quiz.quiz(
                None, quiz.Question("q", [quiz.right("a", "x"), quiz.wrong("b", "y")])
            ),
            r"title must be a string; got None",
        ),
        (
            lambda: quiz.Question("costs $5", [quiz.right("a", "x"), quiz.wrong("b", "y")]),
            r"prompt has an unbalanced \$",
        ),
        (lambda: quiz.Question("q", None), r"options must be a list of options"),
        (lambda: quiz.wrong("b", None), r"explanation must be a string; got None"),
        (
            lambda: widgets.slider(_draw, [1.0, 2.0], label=None),
            r"label must be a string; got None",
        ),
        (
            lambda: models.check_model("mlp"),
            r"model must follow the course_lib model protocol .*got 'mlp' of type str",
        ),
    ],
)
def test_specific_messages(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()
