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

from ._checks import (
    as_float_array,
    check_finite_float,
    check_non_negative_float,
    check_positive_float,
    describe,
)


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


class Wells:
    """Hills and valleys: Gaussian wells (or bumps) on a gentle bowl, a loss with many minima.

        L(w) = ½ c ‖w‖² − Σ_k h_k exp(−‖w − μ_k‖² / (2 ℓ_k²))

    centres: μ, shape (k, d), one row per well; depths: h, shape (k,), h_k > 0
    digs a valley at μ_k, h_k < 0 raises a hill there; widths: ℓ, shape (k,),
    each > 0 (a lone well's curvature at its centre is h_k / ℓ_k²); curvature:
    c ≥ 0, the bowl that keeps far-away starts from rolling off (c = 0: far
    from every well the loss is a flat plateau at 0).
    Wells that overlap shift each other's minima, so a minimum lies near, not
    at, its centre. ``value``, ``grad`` and ``hessian`` take w of shape (d,),
    or a stack of points (..., d): many starts at once, or a grid for contours.
    """

    def __init__(
        self, centres: ArrayLike, depths: ArrayLike, widths: ArrayLike, curvature: float = 0.0
    ) -> None:
        self.centres = as_float_array(centres, "centres", ndim=2, expected="(k, d)")
        k = self.centres.shape[0]
        self.depths = as_float_array(depths, "depths", ndim=1, expected=f"({k},)")
        self.widths = as_float_array(widths, "widths", ndim=1, expected=f"({k},)")
        for name, values in (("depths", self.depths), ("widths", self.widths)):
            if values.shape != (k,):
                raise ValueError(
                    f"{name} must have shape ({k},), one per row of centres; "
                    f"got a {describe(values)}"
                )
        if np.any(self.depths == 0):
            raise ValueError(
                f"depths must be non-zero (> 0 a valley, < 0 a hill); got {self.depths}"
            )
        if np.any(self.widths <= 0):
            raise ValueError(f"widths must all be > 0; got {self.widths}")
        self.curvature = check_non_negative_float(curvature, "curvature")

    def __repr__(self) -> str:
        return (
            f"Wells(centres={self.centres.tolist()}, depths={self.depths.tolist()}, "
            f"widths={self.widths.tolist()}, curvature={self.curvature:g})"
        )

    @property
    def dim(self) -> int:
        """d, the number of weights."""
        return self.centres.shape[1]

    def _bumps(self, w: ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """w checked, the offsets w − μ_k (..., k, d) and h_k exp(−‖w − μ_k‖²/(2 ℓ_k²)) (..., k)."""
        w = self._check_point(w)
        offsets = w[..., None, :] - self.centres
        squared = np.einsum("...kd,...kd->...k", offsets, offsets)
        return w, offsets, self.depths * np.exp(-squared / (2 * self.widths**2))

    def value(self, w: ArrayLike) -> float | np.ndarray:
        """L(w) for w of shape (d,) (a float) or (..., d) (an array of values)."""
        w, _, bumps = self._bumps(w)
        values = 0.5 * self.curvature * np.einsum("...d,...d->...", w, w) - bumps.sum(axis=-1)
        return float(values) if values.ndim == 0 else values

    def grad(self, w: ArrayLike) -> np.ndarray:
        """∇L(w) = c w + Σ_k h_k exp(−‖w − μ_k‖²/(2 ℓ_k²)) (w − μ_k) / ℓ_k²; w's shape."""
        w, offsets, bumps = self._bumps(w)
        pull = np.einsum("...k,...kd->...d", bumps / self.widths**2, offsets)
        return self.curvature * w + pull

    def hessian(self, w: ArrayLike) -> np.ndarray:
        """∇²L(w) = c I + Σ_k h_k exp(−‖o_k‖²/(2 ℓ_k²)) (I / ℓ_k² − o_k o_kᵀ / ℓ_k⁴): (..., d, d).

        Here o_k = w − μ_k, the offset from well k's centre.

        At a point where the gradient is 0, its eigenvalues say what the point
        is: all > 0 a minimum, all < 0 a maximum, some of each a saddle.
        """
        w, offsets, bumps = self._bumps(w)
        eye = np.eye(self.dim)
        outer = np.einsum("...k,...ki,...kj->...ij", bumps / self.widths**4, offsets, offsets)
        diagonal = self.curvature + (bumps / self.widths**2).sum(axis=-1)
        return diagonal[..., None, None] * eye - outer

    def _check_point(self, w: ArrayLike) -> np.ndarray:
        w = as_float_array(w, "w")
        if w.ndim == 0 or w.shape[-1] != self.dim:
            raise ValueError(
                f"w must have shape ({self.dim},) or (..., {self.dim}); got a {describe(w)}"
            )
        return w


def valleys_1d() -> Wells:
    """The course's 1-D landscape: a wide deep valley, a shallow dip on its slope, plateaus.

    L(w) = −2 exp(−(w − 1)²/2) − 0.35 exp(−(w + 1.6)²/(2·0.35²)): the global
    minimum at w = 1 (its valley is wide), a local minimum in a shallow dip
    near w = −1.5 on the valley's left slope, a low hill (a local maximum)
    between the two, and far out on either side plateaus where the slope is
    almost 0.
    """
    return Wells(centres=[[1.0], [-1.6]], depths=[2.0, 0.35], widths=[1.0, 0.35])


def valleys_2d() -> Wells:
    """The course's 2-D landscape: three valleys, a hill, and saddles between the valleys.

    A deep valley near (1.5, 0) holds the global minimum; two shallower ones,
    mirror images near (−1.2, ±1), hold local minima; a hill stands at the
    origin; a gentle bowl, c = 0.05, keeps far-away starts from rolling off.
    Between the two mirror valleys lies a saddle on the w₁ axis: the landscape
    is symmetric in w₂, so a start with w₂ = 0 keeps w₂ = 0 exactly and
    gradient descent from there can only slide along the axis.
    """
    return Wells(
        centres=[[1.5, 0.0], [-1.2, 1.0], [-1.2, -1.0], [0.0, 0.0]],
        depths=[2.0, 1.2, 1.2, -0.8],
        widths=[0.7, 0.6, 0.6, 0.5],
        curvature=0.05,
    )
