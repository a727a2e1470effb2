"""Quadratic loss landscapes: the bowls on which gradient descent can be solved exactly.

A quadratic f(w) = ½ (w − w*)ᵀ H (w − w*) has gradient H (w − w*), and one
step of gradient descent multiplies the distance to the minimum along each
eigenvector of H by (1 − η λ_i). So descent converges for every start exactly
when |1 − η λ_i| < 1 for all i, that is when 0 < η < 2 / λ_max, and the
largest of those factors in size is smallest at η = 2 / (λ_min + λ_max).
Near a minimum every smooth loss looks like such a bowl, with H its Hessian.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._checks import as_float_array, check_finite_float, check_positive_float, describe


class Quadratic:
    """The bowl f(w) = ½ (w − w*)ᵀ H (w − w*).

    H: (d, d) symmetric positive definite (its eigenvalues are the curvatures);
    minimum: w*, shape (d,), default the origin. ``value(w)`` and ``grad(w)``
    take w of shape (d,), or a stack of points (..., d) for drawing contours.
    """

    def __init__(self, H: ArrayLike, minimum: ArrayLike | None = None) -> None:
        H = as_float_array(H, "H", ndim=2, expected="(d, d)")
        if H.shape[0] != H.shape[1]:
            raise ValueError(f"H must be a square matrix of shape (d, d); got a {describe(H)}")
        if not np.allclose(H, H.T):
            raise ValueError("H must be symmetric (H == H.T); got a matrix that is not")
        self.curvatures = np.linalg.eigvalsh(H)
        if self.curvatures[0] <= 0:
            raise ValueError(
                "H must be positive definite (all eigenvalues > 0); "
                f"got eigenvalues {self.curvatures}"
            )
        self.H = H
        d = H.shape[0]
        self.minimum = (
            np.zeros(d) if minimum is None else as_float_array(minimum, "minimum", ndim=1)
        )
        if self.minimum.shape != (d,):
            raise ValueError(
                f"minimum must have shape ({d},), like H's side; got a {describe(self.minimum)}"
            )

    def __repr__(self) -> str:
        return f"Quadratic(curvatures={np.round(self.curvatures, 6).tolist()})"

    @property
    def stability_bound(self) -> float:
        """2 / λ_max: gradient descent converges for every start iff η is below this."""
        return float(2.0 / self.curvatures[-1])

    @property
    def condition_number(self) -> float:
        """κ = λ_max / λ_min: how much steeper the bowl is across than along."""
        return float(self.curvatures[-1] / self.curvatures[0])

    @property
    def fastest_learning_rate(self) -> float:
        """2 / (λ_min + λ_max): the η whose slowest direction shrinks fastest.

        Descent shrinks the distance along eigenvector i by |1 − η λ_i| per step, so its pace
        is set by max_i |1 − η λ_i|. That worst factor is smallest when the shallowest and the
        steepest directions balance, 1 − η λ_min = η λ_max − 1, where it is (κ − 1)/(κ + 1).
        """
        return float(2.0 / (self.curvatures[0] + self.curvatures[-1]))

    def value(self, w: ArrayLike) -> float | np.ndarray:
        """f(w) for w of shape (d,) (a float) or (..., d) (an array of values)."""
        delta = self._check_point(w) - self.minimum
        values = 0.5 * np.einsum("...i,ij,...j->...", delta, self.H, delta)
        return float(values) if values.ndim == 0 else values

    def grad(self, w: ArrayLike) -> np.ndarray:
        """∇f(w) = H (w − w*), with the shape of w."""
        return (self._check_point(w) - self.minimum) @ self.H  # H is symmetric

    def _check_point(self, w: ArrayLike) -> np.ndarray:
        w = as_float_array(w, "w")
        d = self.H.shape[0]
        if w.ndim == 0 or w.shape[-1] != d:
            raise ValueError(f"w must have shape ({d},) or (..., {d}); got a {describe(w)}")
        return w


def parabola(curvature: float = 1.0, minimum: float = 0.0) -> Quadratic:
    """The 1-D bowl f(w) = ½ λ (w − w*)², with λ = ``curvature`` and w* = ``minimum``."""
    curvature = check_positive_float(curvature, "curvature")
    minimum = check_finite_float(minimum, "minimum")
    return Quadratic([[curvature]], [minimum])


def elongated_bowl(
    curvatures: tuple[float, float] = (1.0, 20.0), angle: float = 30.0, minimum=(0.0, 0.0)
) -> Quadratic:
    """An ill-conditioned 2-D bowl: steep along one direction, shallow along the other.

    curvatures: (λ_min, λ_max), the eigenvalues of H; their ratio is the
    condition number. angle: the shallow direction's angle to the w1 axis,
    in degrees (0 gives an axis-aligned bowl). minimum: w*, shape (2,).
    """
    pair = as_float_array(curvatures, "curvatures", ndim=1, expected="(2,)")
    if pair.shape != (2,) or pair.min() <= 0:
        raise ValueError(f"curvatures must be two numbers > 0, (λ_min, λ_max); got {pair}")
    low, high = pair
    theta = np.deg2rad(check_finite_float(angle, "angle"))
    rotation = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
    H = rotation @ np.diag([low, high]) @ rotation.T
    return Quadratic((H + H.T) / 2, minimum)
