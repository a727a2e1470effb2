"""Benchmark: course_lib.train.fit against scikit-learn (and PyTorch, when installed).

The same task for all: the handwritten digits (1797 images, 70/15/15 split,
standardised), a 64-128-64-10 MLP with ReLU and softmax cross-entropy, plain
mini-batch SGD (no momentum, no weight decay), batch 32, learning rate 0.05,
30 epochs, float64. Only the training loop is timed; each framework runs
``--repeats`` times with different seeds, and the table reports medians.

The targets (issue 13): ``fit`` within 1.25× of the bare numpy loop, and at least
2× faster than PyTorch CPU when torch is installed, measured in the same run;
the last lines print both ratios.

    python benchmarks/bench_digits.py                # the full benchmark
    python benchmarks/bench_digits.py --repeats 1 --epochs 1 --subset 200   # a smoke test
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings

import numpy as np

from course_lib.data import load_digits, split, standardize
from course_lib.models import MLP
from course_lib.train import fit

SIZES = [64, 128, 64, 10]
LEARNING_RATE = 0.05
BATCH_SIZE = 32


def prepare(subset: int | None = None):
    """(X_train, y_train, X_test, y_test), standardised on the training set."""
    X, y, _ = load_digits()
    if subset is not None:
        X, y = X[:subset], y[:subset]
    (X_train, y_train), _, (X_test, y_test) = split(X, y, seed=0)
    X_train, X_test = standardize(X_train, X_test)
    return X_train, y_train, X_test, y_test


def run_course_lib(data, epochs: int, seed: int) -> tuple[float, float]:
    X_train, y_train, X_test, y_test = data
    model = MLP(SIZES, seed=seed)
    start = time.perf_counter()
    fit(model, X_train, y_train, epochs=epochs, lr=LEARNING_RATE, batch_size=BATCH_SIZE, seed=seed)
    seconds = time.perf_counter() - start
    return seconds, float(np.mean(model.predict(X_test) == y_test))


def run_bare_numpy(data, epochs: int, seed: int) -> tuple[float, float]:
    """The same training as a bare numpy loop: no layers, no checks. The floor to compare with."""
    X_train, y_train, X_test, y_test = data
    rng = np.random.default_rng(seed)
    Ws = [
        rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_in))
        for n_in, n_out in zip(SIZES[:-1], SIZES[1:], strict=True)
    ]
    bs = [np.zeros(n_out) for n_out in SIZES[1:]]
    Y = np.eye(SIZES[-1])[y_train]
    start = time.perf_counter()
    for _ in range(epochs):
        order = rng.permutation(len(X_train))
        X_epoch, Y_epoch = X_train[order], Y[order]
        for first in range(0, len(X_epoch), BATCH_SIZE):
            A0, T = X_epoch[first : first + BATCH_SIZE], Y_epoch[first : first + BATCH_SIZE]
            Z1 = A0 @ Ws[0].T + bs[0]
            A1 = np.maximum(Z1, 0)
            Z2 = A1 @ Ws[1].T + bs[1]
            A2 = np.maximum(Z2, 0)
            Z3 = A2 @ Ws[2].T + bs[2]
            E = np.exp(Z3 - Z3.max(axis=1, keepdims=True))
            dZ3 = (E / E.sum(axis=1, keepdims=True) - T) / len(T)
            dZ2 = (dZ3 @ Ws[2]) * (Z2 > 0)
            dZ1 = (dZ2 @ Ws[1]) * (Z1 > 0)
            for W, b, dZ, A in (
                (Ws[2], bs[2], dZ3, A2),
                (Ws[1], bs[1], dZ2, A1),
                (Ws[0], bs[0], dZ1, A0),
            ):
                W -= LEARNING_RATE * (dZ.T @ A)
                b -= LEARNING_RATE * dZ.sum(axis=0)
    seconds = time.perf_counter() - start
    A = X_test
    for W, b in zip(Ws[:-1], bs[:-1], strict=True):
        A = np.maximum(A @ W.T + b, 0)
    return seconds, float(np.mean(np.argmax(A @ Ws[-1].T + bs[-1], axis=1) == y_test))


def run_sklearn(data, epochs: int, seed: int) -> tuple[float, float]:
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    X_train, y_train, X_test, y_test = data
    model = MLPClassifier(
        hidden_layer_sizes=tuple(SIZES[1:-1]),
        activation="relu",
        solver="sgd",
        learning_rate="constant",
        learning_rate_init=LEARNING_RATE,
        momentum=0.0,
        nesterovs_momentum=False,
        alpha=0.0,
        batch_size=BATCH_SIZE,
        max_iter=epochs,
        shuffle=True,
        tol=0.0,
        n_iter_no_change=epochs + 1,
        random_state=seed,
    )
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # max_iter is the epoch count here
        model.fit(X_train, y_train)
    seconds = time.perf_counter() - start
    return seconds, float(model.score(X_test, y_test))


def run_torch(data, epochs: int, seed: int) -> tuple[float, float]:
    import torch

    X_train, y_train, X_test, y_test = data
    torch.manual_seed(seed)
    layers = []
    for n_in, n_out in zip(SIZES[:-1], SIZES[1:], strict=True):
        layers += [torch.nn.Linear(n_in, n_out), torch.nn.ReLU()]
    model = torch.nn.Sequential(*layers[:-1]).double()
    optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)
    loss_fn = torch.nn.CrossEntropyLoss()
    X, y = torch.from_numpy(X_train), torch.from_numpy(y_train).long()
    generator = torch.Generator().manual_seed(seed)
    start = time.perf_counter()
    for _ in range(epochs):
        order = torch.randperm(len(X), generator=generator)
        for first in range(0, len(X), BATCH_SIZE):
            rows = order[first : first + BATCH_SIZE]
            optimizer.zero_grad()
            loss_fn(model(X[rows]), y[rows]).backward()
            optimizer.step()
    seconds = time.perf_counter() - start
    with torch.no_grad():
        predictions = model(torch.from_numpy(X_test)).argmax(dim=1).numpy()
    return seconds, float(np.mean(predictions == y_test))


def available_runners():
    runners = {
        "course_lib": run_course_lib,
        "bare numpy loop (reference)": run_bare_numpy,
        "scikit-learn MLPClassifier": run_sklearn,
    }
    try:
        import torch  # noqa: F401
    except ImportError:
        pass
    else:
        runners["PyTorch (CPU)"] = run_torch
    return runners


def benchmark(repeats: int = 5, epochs: int = 30, subset: int | None = None) -> dict[str, dict]:
    """Run every available framework ``repeats`` times; return medians per framework."""
    data = prepare(subset)
    runners = available_runners()
    for runner in runners.values():
        runner(data, 1, seed=0)  # warm-up: imports, caches, thread pools
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in runners}
    for seed in range(repeats):  # interleaved, so a busy moment of the machine hits every framework
        for name, runner in runners.items():
            runs[name].append(runner(data, epochs, seed=seed))
    return {
        name: {
            "seconds": statistics.median(s for s, _ in results),
            "accuracy": statistics.median(a for _, a in results),
        }
        for name, results in runs.items()
    }


def table(results: dict[str, dict]) -> str:
    """A Markdown table: median time, speed relative to course_lib, median test accuracy."""
    reference = results["course_lib"]["seconds"]
    lines = [
        "| framework | median training time | time relative to course_lib | median test accuracy |",
        "| --- | --- | --- | --- |",
    ]
    for name, r in results.items():
        ratio = "—" if name == "course_lib" else f"{r['seconds'] / reference:.1f}×"
        lines.append(f"| {name} | {r['seconds']:.3f} s | {ratio} | {r['accuracy']:.1%} |")
    return "\n".join(lines)


def ratios(results: dict[str, dict]) -> str:
    """The two ratios the targets are stated in: fit against the bare loop and against PyTorch."""
    ours = results["course_lib"]["seconds"]
    bare = results["bare numpy loop (reference)"]["seconds"]
    lines = [f"course_lib fit / bare numpy loop: {ours / bare:.2f}× (target: at most 1.25×)"]
    if "PyTorch (CPU)" in results:
        torch = results["PyTorch (CPU)"]["seconds"]
        lines.append(f"PyTorch (CPU) / course_lib fit: {torch / ours:.2f}× (target: at least 2×)")
    else:
        lines.append("PyTorch (CPU): not installed, not measured")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict[str, dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="runs per framework (median taken)")
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--subset", type=int, default=None, help="use only the first N images")
    args = parser.parse_args(argv)
    results = benchmark(args.repeats, args.epochs, args.subset)
    print(
        f"digits, {'-'.join(map(str, SIZES))} ReLU MLP, SGD lr {LEARNING_RATE}, "
        f"batch {BATCH_SIZE}, "
        f"{args.epochs} epochs, float64, {args.repeats} runs each"
    )
    print(table(results))
    print(ratios(results))
    return results


if __name__ == "__main__":
    main()
