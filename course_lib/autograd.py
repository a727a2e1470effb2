"""A tiny reverse-mode automatic differentiation engine, one number at a time.

Each ``Value`` holds a number (``data``), the gradient of some output with
respect to it (``grad``), and, for a computed value, its inputs with the
*local derivative* of the operation with respect to each. The forward pass
records this computational graph as it goes; ``backward()`` then applies the
chain rule from the output back, visiting the nodes in reverse topological
order (a node only after every node that used it), and *adds* each
contribution to ``grad``. Adding is right for a value used twice (its
gradient is the sum over its uses) and is why gradients pile up across
``backward()`` calls until ``zero_grad`` resets them, as in PyTorch.

The idea is Andrej Karpathy's micrograd; this is the course's own code.
Arrays of Values (numpy ``dtype=object``) make whole layers:
``Z = X @ W.T + b`` works on them as on floats.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable
from typing import Any, cast

import numpy as np

from ._checks import check_finite_float

Number = int | float


class Value:
    """A number that remembers how it was computed, for ``backward()``.

    data: a finite real number. label: a name shown in ``repr`` (optional).
    Operations: ``+ - * /`` with Values or numbers, ``** number``, and the
    methods ``exp``, ``log``, ``tanh``, ``relu``, ``sigmoid``.
    """

    __slots__ = ("data", "grad", "inputs", "local_grads", "op", "label")

    def __init__(self, data: Any, label: str = "") -> None:
        if not isinstance(label, str):
            raise TypeError(f"label must be a string; got {label!r} of type {type(label).__name__}")
        self.data = check_finite_float(data, "data")
        self.grad = 0.0
        self.inputs: tuple[Value, ...] = ()
        self.local_grads: tuple[float, ...] = ()
        self.op = ""
        self.label = label

    def __repr__(self) -> str:
        name = f"{self.label}: " if self.label else ""
        return f"Value({name}data={self.data:.6g}, grad={self.grad:.6g})"

    @staticmethod
    def _result(data: float, op: str, inputs: tuple[Value, ...], local_grads: tuple[float, ...]):
        if not math.isfinite(data):
            raise ValueError(
                f"{op} gave {data}, not a finite number; inputs: "
                + ", ".join(f"{v.data:.6g}" for v in inputs)
            )
        out = Value.__new__(Value)  # data already checked: skip __init__'s checks
        out.data, out.grad, out.label = data, 0.0, ""
        out.inputs, out.local_grads, out.op = inputs, local_grads, op
        return out

    # Arithmetic: each records its local derivatives ∂out/∂input.
    def __add__(self, other: Any) -> Value:
        if isinstance(other, np.ndarray):  # Value ∘ array: numpy applies it entry by entry
            return NotImplemented
        other = _as_value(other, "other")
        return Value._result(self.data + other.data, "+", (self, other), (1.0, 1.0))

    def __radd__(self, other: Any) -> Value:
        return self + other

    def __mul__(self, other: Any) -> Value:
        if isinstance(other, np.ndarray):  # Value ∘ array: numpy applies it entry by entry
            return NotImplemented
        other = _as_value(other, "other")
        return Value._result(self.data * other.data, "*", (self, other), (other.data, self.data))

    def __rmul__(self, other: Any) -> Value:
        return self * other

    def __neg__(self) -> Value:
        return self * -1.0

    def __sub__(self, other: Any) -> Value:
        if isinstance(other, np.ndarray):  # Value ∘ array: numpy applies it entry by entry
            return NotImplemented
        return self + (-_as_value(other, "other"))

    def __rsub__(self, other: Any) -> Value:
        if isinstance(other, np.ndarray):  # Value ∘ array: numpy applies it entry by entry
            return NotImplemented
        return _as_value(other, "other") + (-self)

    def __pow__(self, exponent: Any) -> Value:
        p = check_finite_float(exponent, "exponent")
        if self.data == 0.0 and p < 1.0:
            raise ValueError(f"exponent {p:g} of 0 has no finite derivative; got data = 0")
        if self.data < 0.0 and not p.is_integer():
            raise ValueError(f"a negative number to the power {p:g} is not real; got {self.data}")
        return Value._result(self.data**p, f"**{p:g}", (self,), (p * self.data ** (p - 1.0),))

    def __truediv__(self, other: Any) -> Value:
        if isinstance(other, np.ndarray):  # Value ∘ array: numpy applies it entry by entry
            return NotImplemented
        other = _as_value(other, "other")
        if other.data == 0.0:
            raise ValueError("division by a Value whose data is 0")
        return self * other**-1.0

    def __rtruediv__(self, other: Any) -> Value:
        if isinstance(other, np.ndarray):  # Value ∘ array: numpy applies it entry by entry
            return NotImplemented
        return _as_value(other, "other") / self

    # Functions of one value.
    def exp(self) -> Value:
        if self.data > 709.0:
            raise ValueError(f"exp overflows beyond 709; got data = {self.data}")
        e = math.exp(self.data)
        return Value._result(e, "exp", (self,), (e,))

    def log(self) -> Value:
        if self.data <= 0.0:
            raise ValueError(f"log needs data > 0; got {self.data}")
        return Value._result(math.log(self.data), "log", (self,), (1.0 / self.data,))

    def tanh(self) -> Value:
        t = math.tanh(self.data)
        return Value._result(t, "tanh", (self,), (1.0 - t * t,))

    def relu(self) -> Value:
        on = self.data > 0.0  # slope 0 at 0, as course_lib.activations.relu_grad
        return Value._result(self.data if on else 0.0, "relu", (self,), (1.0 if on else 0.0,))

    def sigmoid(self) -> Value:
        x = self.data
        s = 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))
        return Value._result(s, "sigmoid", (self,), (s * (1.0 - s),))

    # The backward pass.
    def backward(self) -> None:
        """Add ∂self/∂v to ``v.grad`` for every value v this one was computed from.

        Seeds ∂self/∂self = 1, then walks the graph in reverse topological
        order: each node passes its gradient times each local derivative to
        its inputs. Gradients *accumulate*: call ``zero_grad`` between steps.
        """
        order = topological_order(self)
        upstream = {id(self): 1.0}
        for node in reversed(order):
            g = upstream.get(id(node), 0.0)
            node.grad += g
            for child, local in zip(node.inputs, node.local_grads, strict=True):
                upstream[id(child)] = upstream.get(id(child), 0.0) + g * local


def _as_value(x: Any, name: str) -> Value:
    if isinstance(x, Value):
        return x
    if isinstance(x, float) and math.isfinite(x):  # the common case, fast
        return Value._result(x, "", (), ())
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(f"{name} must be a Value or a number; got {x!r} of type {type(x).__name__}")
    return Value(check_finite_float(x, name))


def topological_order(output: Value) -> list[Value]:
    """Every value ``output`` depends on, itself last, each after all of its inputs.

    A depth-first search that lists a node once all its inputs are listed
    (iterative, so deep graphs do not hit Python's recursion limit).
    """
    if not isinstance(output, Value):
        raise TypeError(f"output must be a Value; got {output!r} of type {type(output).__name__}")
    order: list[Value] = []
    seen: set[int] = set()
    stack: list[tuple[Value, bool]] = [(output, False)]
    while stack:
        node, inputs_done = stack.pop()
        if inputs_done:
            order.append(node)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node.inputs) if id(child) not in seen)
    return order


def zero_grad(values: Iterable[Value] | np.ndarray) -> None:
    """Set ``grad`` to 0 for each Value of ``values`` (a Value, an array or a list of them)."""
    for v in _flat_values(values, "values"):
        v.grad = 0.0


def as_values(a: Any, label: str = "") -> np.ndarray:
    """An array of fresh Values (dtype object) holding the numbers of ``a``.

    label: each Value's label is ``label`` followed by its index, e.g. "W[0, 1]".
    """
    if not isinstance(label, str):
        raise TypeError(f"label must be a string; got {label!r} of type {type(label).__name__}")
    arr = np.asarray(a)
    if arr.dtype == object or arr.dtype.kind not in "iuf":
        raise TypeError(f"a must be an array of real numbers; got dtype {arr.dtype}")
    if arr.size == 0:
        raise ValueError(f"a must not be empty; got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError("a must hold finite numbers; got NaN or inf")
    out = np.empty(arr.shape, dtype=object)
    for index in np.ndindex(arr.shape):
        name = f"{label}[{', '.join(map(str, index))}]" if label and index else label
        out[index] = Value(float(arr[index]), name)
    return out


def data_of(values: Any) -> np.ndarray:
    """The ``data`` of an array of Values, as a float array of the same shape."""
    return _field(values, "values", lambda v: v.data)


def grad_of(values: Any) -> np.ndarray:
    """The ``grad`` of an array of Values, as a float array of the same shape."""
    return _field(values, "values", lambda v: v.grad)


def relu(x: Any) -> Any:
    """ReLU of a Value, or of each Value of an array."""
    return _elementwise(x, "x", Value.relu)


def tanh(x: Any) -> Any:
    """tanh of a Value, or of each Value of an array."""
    return _elementwise(x, "x", Value.tanh)


def sigmoid(x: Any) -> Any:
    """The sigmoid of a Value, or of each Value of an array."""
    return _elementwise(x, "x", Value.sigmoid)


def softmax_cross_entropy(logits: Any, y: Any) -> Value:
    """Mean softmax cross-entropy of Value logits (n, k) for integer labels y (n,).

    Per row: log Σ_k exp(z_k − m) − (z_y − m), with m the row's largest
    logit (a constant: it shifts every logit alike and changes nothing but
    the overflow). Returns one Value, the mean over the n rows.
    """
    Z = _value_array(logits, "logits")
    if Z.ndim != 2:
        raise ValueError(f"logits must be 2-D, (n_samples, n_classes); got shape {Z.shape}")
    labels = np.asarray(y)
    if labels.ndim != 1 or labels.shape[0] != Z.shape[0] or labels.dtype.kind not in "iu":
        raise ValueError(
            f"y must be integer labels of shape ({Z.shape[0]},); got {labels.dtype} {labels.shape}"
        )
    if labels.min() < 0 or labels.max() >= Z.shape[1]:
        raise ValueError(f"y must hold labels 0 to {Z.shape[1] - 1}; got {labels}")
    total: Value | float = 0.0
    for row, label in zip(Z, labels, strict=True):
        shift = max(z.data for z in row)
        log_sum = sum(((z - shift).exp() for z in row), Value(0.0)).log()
        total = total + (log_sum - (row[label] - shift))
    return _as_value(total, "loss") / Z.shape[0]


def _elementwise(x: Any, name: str, fn: Callable[[Value], Value]) -> Any:
    if isinstance(x, Value):
        return fn(x)
    arr = _value_array(x, name)
    out = np.empty(arr.shape, dtype=object)
    for index in np.ndindex(arr.shape):
        out[index] = fn(cast(Value, arr[index]))
    return out


def _value_array(x: Any, name: str) -> np.ndarray:
    arr = np.asarray(x, dtype=object) if isinstance(x, list) else x
    if not isinstance(arr, np.ndarray):
        raise TypeError(f"{name} must be a Value or an array of Values; got {type(x).__name__}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty; got shape {arr.shape}")
    bad = next((v for v in arr.flat if not isinstance(v, Value)), None)
    if bad is not None:
        raise TypeError(
            f"{name} must hold Values (make them with as_values); got {bad!r} of type "
            f"{type(bad).__name__}"
        )
    return arr


def _flat_values(values: Any, name: str) -> list[Value]:
    if isinstance(values, Value):
        return [values]
    if isinstance(values, np.ndarray):
        return list(_value_array(values, name).flat)
    if isinstance(values, list | tuple):
        return [v for item in values for v in _flat_values(item, name)]
    raise TypeError(f"{name} must be Values (a Value, an array or a list of them); got {values!r}")


def _field(values: Any, name: str, get: Callable[[Value], float]) -> np.ndarray:
    arr = _value_array(values, name)
    out = np.empty(arr.shape)
    for index in np.ndindex(arr.shape):
        out[index] = get(cast(Value, arr[index]))
    return out
