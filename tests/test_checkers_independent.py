"""Every checker against answers written independently of course_lib.

For each ``check_*`` exported by ``course_lib.exercises`` (found automatically:
a new checker without an entry in ``TABLE`` fails ``test_every_checker_is_in_the_table``),
the table holds

* a correct solution written the way a learner might, without course_lib and
  without the checker's reference: loops over samples and entries, or a
  different but equivalent formula (normal equations instead of lstsq, a
  spectral norm instead of eigvalsh, σ' = e^−z / (1 + e^−z)² instead of
  s(1 − s), ...). It must pass.
* wrong answers of the kinds learners write (a missing 1/n, a sign, a
  transpose, a wrong axis, an off-by-one, a forgotten activation
  derivative, ...), each with the mistake the checker must name: a name
  from its catalogue (or a generic one: "wrong sign", "transposed",
  "modified input"), or None when no catalogued mistake describes it, in
  which case the checker must fail without naming one.

The second half checks the checkers' references that keep their own formula
on purpose (each says so in one line next to it) against course_lib's public
API on seeded random inputs, so the two homes of a formula cannot drift apart.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from test_capstone import make_learner as capstone_learner
from test_checkers_adversarial import descend_aliasing_rows

from course_lib import exercises


def sig(z):
    """The sigmoid written out, for the learners below (no course_lib)."""
    return 1.0 / (1.0 + np.exp(-z))


def sig_slope(z):
    """σ'(z) = e^−z / (1 + e^−z)²: another formula than the checkers' s(1 − s)."""
    e = np.exp(-z)
    return e / (1.0 + e) ** 2


# --- backprop ------------------------------------------------------------------------------


def neuron_gradients(x, w, b, y):
    z = w * x + b
    dL_dz = 2.0 * (sig(z) - y) * sig_slope(z)
    return dL_dz * x, dL_dz


def neuron_gradients_no_slope(x, w, b, y):
    dL_dz = 2.0 * (sig(w * x + b) - y)
    return dL_dz * x, dL_dz


def neuron_gradients_dz_dw_one(x, w, b, y):
    dL_dz = 2.0 * (sig(w * x + b) - y) * sig_slope(w * x + b)
    return dL_dz, dL_dz


def neuron_gradients_y_minus_a(x, w, b, y):
    dL_dz = 2.0 * (y - sig(w * x + b)) * sig_slope(w * x + b)
    return dL_dz * x, dL_dz


def sigmoid_backward(A, dA):
    dZ = np.empty_like(dA)
    for i in range(A.shape[0]):
        for j in range(A.shape[1]):
            dZ[i, j] = dA[i, j] * (A[i, j] - A[i, j] ** 2)
    return dZ


def weight_gradient_by_samples(X, dZ):
    """dL/dW entry by entry, Σ_s δ_si x_sj, as the chain-rule chapter's explicit sums."""
    n_out, n_in = dZ.shape[1], X.shape[1]
    return np.array(
        [
            [sum(dZ[s, i] * X[s, j] for s in range(len(X))) for j in range(n_in)]
            for i in range(n_out)
        ]
    )


def dense_backward(X, W, dZ):
    dX = np.zeros_like(X)
    dW = np.zeros_like(W)
    db = np.zeros(W.shape[0])
    for i in range(len(X)):  # one sample at a time
        for j in range(W.shape[0]):
            dX[i] += dZ[i, j] * W[j]
            dW[j] += dZ[i, j] * X[i]
            db[j] += dZ[i, j]
    return dX, dW, db


# --- beyond --------------------------------------------------------------------------------


def least_squares(X, y):
    """The normal equations on centred data: w = (XcᵀXc)⁻¹ Xcᵀ yc, b = ȳ − x̄·w."""
    x_mean, y_mean = X.mean(axis=0), y.mean()
    Xc, yc = X - x_mean, y - y_mean
    w = np.linalg.solve(Xc.T @ Xc, Xc.T @ yc)
    return w, float(y_mean - x_mean @ w)


def least_squares_intercept_first(X, y):
    """lstsq on [X 1], read as if the ones had been the first column."""
    coef = np.linalg.lstsq(np.column_stack([X, np.ones(len(X))]), y, rcond=None)[0]
    return coef[1:], coef[0]


def linear_regression_gradient(X, y, w, b, *, two=2.0, mean=True, sign=1.0, bias=True):
    n, d = X.shape
    dw, db = np.zeros(d), 0.0
    for i in range(n):
        r = sign * (sum(X[i, j] * w[j] for j in range(d)) + (b if bias else 0.0) - y[i])
        dw += two * r * X[i]
        db += two * r
    return (dw / n, db / n) if mean else (dw, db)


def ridge_gradient(X, y, w, b, lam):
    dw, db = linear_regression_gradient(X, y, w, b)
    return dw + 2 * lam * w, db


def stable_learning_rate(X):
    """2 / λ_max((2/n) AᵀA) = n / σ_max(A)², from the largest singular value of A = [X 1]."""
    A = np.hstack([X, np.ones((len(X), 1))])
    return len(X) / np.linalg.norm(A, 2) ** 2


# --- optimizers ----------------------------------------------------------------------------


def adam_step(theta, m, r, grad, t, lr, beta1, beta2, eps, *, correct=True, root=True, eps_on=True):
    theta_new, m_new, r_new = (np.array(a, dtype=float) for a in (theta, m, r))
    for k in np.ndindex(theta_new.shape):  # entry by entry, with math
        m_new[k] = beta1 * m[k] + (1 - beta1) * grad[k]
        r_new[k] = beta2 * r[k] + (1 - beta2) * grad[k] * grad[k]
        m_hat = m_new[k] / (1 - beta1**t) if correct else m_new[k]
        r_hat = r_new[k] / (1 - beta2**t) if correct else r_new[k]
        size = (math.sqrt(r_hat) if root else r_hat) + (eps if eps_on else 0.0)
        theta_new[k] = theta[k] - lr * (m_hat / size if size != 0 else math.nan)
    return theta_new, m_new, r_new


def momentum_effective_lr(lr, beta):
    """η (1 + β + β² + …), the geometric series summed term by term."""
    total, term = 0.0, 1.0
    while term > 1e-15:
        total += term
        term *= beta
    return lr * total


def spectral_norm(H):
    """λ_max of a symmetric positive definite H, as its largest singular value."""
    return float(np.linalg.norm(H, 2))


def momentum_largest_stable_lr(H, beta):
    return 2 * (1 + beta) / spectral_norm(H)


def momentum_step(theta, v, grad, lr, beta):
    v_new = beta * v + grad
    return theta - lr * beta * v - lr * grad, v_new  # θ − η(β v + ∇L), expanded


def momentum_step_eta_in_v(theta, v, grad, lr, beta):
    v_new = beta * v - lr * grad
    return theta + v_new, v_new


def momentum_step_average(theta, v, grad, lr, beta):
    v_new = beta * v + (1 - beta) * grad
    return theta - lr * v_new, v_new


def momentum_step_old_v(theta, v, grad, lr, beta):
    return theta - lr * v, beta * v + grad


# --- digits --------------------------------------------------------------------------------


def confusion_matrix(y_true, y_pred, n_classes):
    counts = np.zeros((n_classes, n_classes), dtype=int)
    for t, p in zip(y_true, y_pred, strict=True):
        counts[t, p] += 1
    return counts


def confusion_fancy_index(y_true, y_pred, n_classes):
    counts = np.zeros((n_classes, n_classes), dtype=int)
    counts[y_true, y_pred] += 1
    return counts


def confusion_sized_by_labels(y_true, y_pred, n_classes):
    k = max(max(y_true), max(y_pred)) + 1
    return confusion_matrix(y_true, y_pred, k)


def per_class_accuracy(counts):
    return np.array([counts[i, i] / sum(counts[i]) for i in range(len(counts))])


def standardize_test(X_train, X_test):
    n, d = X_train.shape
    out = np.empty_like(X_test, dtype=float)
    for j in range(d):
        mean = sum(X_train[:, j]) / n
        std = math.sqrt(sum((X_train[:, j] - mean) ** 2) / n)
        out[:, j] = (X_test[:, j] - mean) / (std if std > 0 else 1.0)
    return out


def weight_decay_step(W, b, dW, db, lr, weight_decay):
    # W − η(∇L + λW), written as the gradient of the penalised loss, then one plain step
    return W - lr * (dW + weight_decay * W), b - lr * db


def weight_decay_step_all_parameters(W, b, dW, db, lr, weight_decay):
    return tuple(p - lr * (g + weight_decay * p) for p, g in ((W, dW), (b, db)))


def weight_decay_step_in_place(W, b, dW, db, lr, weight_decay):
    W *= 1 - lr * weight_decay
    W -= lr * dW
    return W, b - lr * db


def stopping_epoch(train_loss, val_loss):
    return min(range(1, len(val_loss) + 1), key=lambda epoch: val_loss[epoch - 1])


def stopping_epoch_patience_one(train_loss, val_loss):
    epoch = 1
    while epoch < len(val_loss) and val_loss[epoch] <= val_loss[epoch - 1]:
        epoch += 1
    return epoch


# --- mlp -----------------------------------------------------------------------------------


def augmented_gradient(dz, a):
    G = np.empty((len(dz), len(a) + 1))
    for i in range(len(dz)):
        for j in range(len(a)):
            G[i, j] = dz[i] * a[j]
        G[i, -1] = dz[i]  # the bias's input is 1
    return G


def relu_backward(z, da):
    return np.where(z > 0, da, 0.0)


def update(W, dW, lr):
    return W + (-lr) * dW


def update_in_place(W, dW, lr):
    W -= lr * dW
    return W


# --- batches -------------------------------------------------------------------------------


def epoch_loss(batch_losses, batch_sizes):
    total, count = 0.0, 0
    for loss, size in zip(batch_losses, batch_sizes, strict=True):
        total += loss * size
        count += size
    return total / count


def minibatch_epoch(X, y, w, lr, batch_size, order, *, per="batch", drop_last=False, shuffle=True):
    w = np.array(w, dtype=float)
    rows_in_order = list(order) if shuffle else list(range(len(y)))
    batches = [rows_in_order[i : i + batch_size] for i in range(0, len(y), batch_size)]
    if drop_last and len(batches[-1]) < batch_size:
        batches = batches[:-1]
    for rows in batches:
        grad = np.zeros_like(w)
        for i in rows:  # sample by sample
            grad += 2.0 * (X[i] @ w - y[i]) * X[i]
        w = w - lr * grad / (len(rows) if per == "batch" else len(y))
    return w


def updates_per_epoch(n, batch_size):
    if batch_size is None:
        return 1
    return -(-n // batch_size)


# --- descent -------------------------------------------------------------------------------


def descend(grad, w0, lr, steps):
    w = np.array(w0, dtype=float)
    path = [w]
    for _ in range(steps):
        w = w - lr * grad(w)
        path.append(w)
    return np.stack(path)


# The aliasing bug (`w -= ...` appends one array again and again) is the adversarial suite's
# specimen; the same learner's answer serves here.
descend_in_place = descend_aliasing_rows


def largest_stable_lr(H):
    """Power iteration for λ_max."""
    u = np.ones(len(H)) / math.sqrt(len(H))
    u[0] += 0.1  # not orthogonal to the top eigenvector by accident
    for _ in range(2000):
        u = H @ u
        u /= np.linalg.norm(u)
    return 2.0 / float(u @ H @ u)


def steepest_step(gradient, length):
    """The length ‖∇L‖ as a square root of a sum of squares, written out entry by entry."""
    flat = [float(v) for v in np.ravel(gradient)]
    norm = math.sqrt(sum(v * v for v in flat))
    return np.array([-length * v / norm for v in flat]).reshape(np.shape(gradient))


def regime(lr, curvature):
    step = lr * curvature  # compared with 1 and 2 instead of forming 1 − η λ
    if step > 2:
        return "diverges"
    if step == 2:
        return "oscillates forever"
    if step <= 1:
        return "converges"
    return "oscillates and converges"


# --- neuron --------------------------------------------------------------------------------


def boundary(study, w, b):
    return (-b - w[0] * study) / w[1]


def logistic_gradients(X, y, w, b, *, mean=True, sign=1.0, logit=False):
    n, d = X.shape
    dw, db = np.zeros(d), 0.0
    for i in range(n):
        z = float(X[i] @ w + b)
        error = sign * ((z if logit else 1.0 / (1.0 + math.exp(-z))) - y[i])
        dw += error * X[i]
        db += error
    return (dw / n, db / n) if mean else (dw, db)


def logistic_gradients_with_slope(X, y, w, b):
    """The squared error's chain through the sigmoid, kept with cross-entropy."""
    error = (sig(X @ w + b) - y) * sig_slope(X @ w + b)
    return X.T @ error / len(y), np.mean(error)


def predict(X, w, b):
    return np.array([1 if 1.0 / (1.0 + math.exp(-(x @ w + b))) >= 0.5 else 0 for x in X])


# --- three neurons -------------------------------------------------------------------------


def three_forward(W1, b1, W2, b2, x):
    """z_i, a_i and ŷ, one neuron at a time."""
    z = [sum(W1[i, j] * x[j] for j in range(4)) + b1[i] for i in range(3)]
    a = [1.0 / (1.0 + math.exp(-zi)) for zi in z]
    return z, a, sum(W2[0, i] * a[i] for i in range(3)) + b2[0]


def hidden_weight_gradient(W1, b1, W2, b2, x, y, *, neuron=1, input_=2, slope=True, two=2.0):
    _, a, y_hat = three_forward(W1, b1, W2, b2, x)
    local = a[neuron] * (1 - a[neuron]) if slope else 1.0
    return two * (y_hat - y) * W2[0, neuron] * local * x[input_]


def W1_gradient(W1, b1, W2, b2, x, y, *, slope=True):
    _, a, y_hat = three_forward(W1, b1, W2, b2, x)
    G = np.zeros((3, 4))
    for i in range(3):
        for j in range(4):
            G[i, j] = 2 * (y_hat - y) * W2[0, i] * (a[i] * (1 - a[i]) if slope else 1.0) * x[j]
    return G


def output_gradients(W1, b1, W2, b2, x, y, *, use_z=False, two=2.0):
    z, a, y_hat = three_forward(W1, b1, W2, b2, x)
    inputs = z if use_z else a
    dW2 = np.array([[two * (y_hat - y) * inputs[i] for i in range(3)]])
    return dW2, np.array([two * (y_hat - y)])


# --- vanishing -----------------------------------------------------------------------------


def init_std(n_in, n_out, activation):
    variance = 2 / n_in if activation == "relu" else 1 / ((n_in + n_out) / 2)
    return variance**0.5


def layers_until(threshold):
    return math.ceil(math.log(threshold) / math.log(0.25))


def layers_until_loop_ge(threshold):
    depth, bound = 0, 1.0
    while bound >= threshold:  # should stop at bound <= threshold
        depth += 1
        bound /= 4
    return depth


def slope_product(weights, z):
    product = 1.0
    for w_l, z_l in zip(weights, z, strict=True):
        product *= w_l * sig_slope(z_l)
    return product


def clip_global(dW, db, max_norm):
    total = 0.0
    for g in (dW, db):
        for entry in np.ravel(g):
            total += entry * entry
    norm = math.sqrt(total)
    if norm <= max_norm:
        return dW.copy(), db.copy()
    return dW * (max_norm / norm), db * (max_norm / norm)


# --- guessing ------------------------------------------------------------------------------


def best_guess(candidates, loss):
    best, best_loss = None, math.inf
    for c in candidates:
        if loss(c) < best_loss:
            best, best_loss = c, loss(c)
    return best


def best_guess_loss(candidates, loss):
    best_loss = math.inf
    for c in candidates:
        best_loss = min(best_loss, loss(c))
    return best_loss


def cosine(u, v):
    dot = sum(a * b for a, b in zip(u, v, strict=True))
    return dot / (math.sqrt(sum(a * a for a in u)) * math.sqrt(sum(b * b for b in v)))


def tweak(theta, loss, direction, step):
    candidate = theta + step * direction
    if loss(candidate) < loss(theta):
        return candidate
    return theta


# --- losses --------------------------------------------------------------------------------


def binary_cross_entropy(p, y):
    total = 0.0
    for p_i, y_i in zip(p, y, strict=True):
        p_i = min(max(p_i, 1e-10), 1 - 1e-10)
        total -= y_i * math.log(p_i) + (1 - y_i) * math.log(1 - p_i)
    return total / len(p)


def bce_unclipped(p, y):
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def bce_hard_labels(p, y):
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return -np.mean(np.where(y == 1, np.log(p), np.log(1 - p)))


def mse(y_pred, y_true):
    errors = [(p - t) ** 2 for p, t in zip(y_pred.flat, y_true.flat, strict=True)]
    return sum(errors) / len(errors)


def mse_grad(y_pred, y_true):
    grad = np.empty(y_pred.shape)
    for k in np.ndindex(y_pred.shape):
        grad[k] = 2 * (y_pred[k] - y_true[k]) / y_pred.size
    return grad


def softmax_cross_entropy(logits, y):
    total = 0.0
    for row, label in zip(logits, y, strict=True):  # log-sum-exp, one row at a time
        m = max(row)
        log_sum = m + math.log(sum(math.exp(v - m) for v in row))
        total += log_sum - row[label]
    return total / len(y)


def softmax_ce_naive(logits, y):
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return -np.mean(np.log(p[np.arange(len(y)), y]))


def softmax_ce_global_max(logits, y):
    e = np.exp(logits - logits.max())
    log_p = np.log(e / e.sum(axis=1, keepdims=True))
    return -np.mean(log_p[np.arange(len(y)), y])


def softmax_ce_axis0(logits, y):
    e = np.exp(logits - logits.max(axis=0, keepdims=True))
    p = e / e.sum(axis=0, keepdims=True)
    return -np.mean(np.log(p[np.arange(len(y)), y]))


def softmax_ce_log_of_probs(logits, y):
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    return -np.mean(np.log(p[np.arange(len(y)), y]))


def softmax_ce_columns(logits, y):
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -np.mean(log_p[:, y])


# --- landscapes ----------------------------------------------------------------------------


def critical_point_by_minors(H):
    """Sylvester's criterion: leading minors all > 0 (a minimum) or alternating (a maximum)."""
    H = np.asarray(H, dtype=float)
    minors = [np.linalg.det(H[:k, :k]) for k in range(1, len(H) + 1)]
    if all(m > 0 for m in minors):
        return "minimum"
    if all((m < 0) if k % 2 == 0 else (m > 0) for k, m in enumerate(minors)):
        return "maximum"
    return "saddle"


def ends_in_loop(grad, w0, lr, steps, minima):
    w = [float(x) for x in w0]
    for _ in range(steps):
        g = grad(np.array(w))
        w = [wi - lr * gi for wi, gi in zip(w, g, strict=True)]
    distances = [math.dist(w, list(m)) for m in minima]
    return distances.index(min(distances))


def momentum_descent_loop(grad, w0, lr, beta, steps, *, old_velocity=False, average=False):
    w = np.array(w0, dtype=float)
    v = np.zeros_like(w)
    path = [w.copy()]
    for _ in range(steps):
        g = grad(w)
        new_v = beta * v + ((1 - beta) * g if average else g)
        w = w - lr * (v if old_velocity else new_v)
        v = new_v
        path.append(w.copy())
    return np.stack(path)


# --- primer --------------------------------------------------------------------------------


def count_parameters(sizes):
    total = 0
    for k in range(1, len(sizes)):
        total += sizes[k - 1] * sizes[k]  # one weight per connection
        total += sizes[k]  # one bias per neuron
    return total


def dense_forward(X, W, b, *, transpose=True, bias=1.0, bias_by_row=False, activation=False):
    """Z[n, i] = Σ_j x_nj w_ij + b_i, entry by entry (the learner's slips as options)."""
    Z = np.empty((X.shape[0], W.shape[0]))
    for n in range(X.shape[0]):
        for i in range(W.shape[0]):
            s = sum(X[n, j] * (W[i, j] if transpose else W[j, i]) for j in range(X.shape[1]))
            s += bias * (b[n] if bias_by_row else b[i])
            Z[n, i] = 1 / (1 + math.exp(-s)) if activation else s
    return Z


def elementwise(f, *arrays):
    """f applied entry by entry, with plain floats (math, not numpy)."""
    out = np.empty(np.shape(arrays[0]))
    for k in np.ndindex(out.shape):
        out[k] = f(*(float(a[k]) for a in arrays))
    return out


def sigmoid_slope_entry(z):
    e = math.exp(-abs(z))  # σ' is even: e^−|z| / (1 + e^−|z|)² never overflows
    return e / (1.0 + e) ** 2


def sigmoid_entry(z):
    return 1.0 / (1.0 + math.exp(-z))


def softmax_rows(Z):
    P = np.empty(Z.shape)
    for n, row in enumerate(Z):
        m = max(row)
        exps = [math.exp(v - m) for v in row]
        total = sum(exps)
        for k, e in enumerate(exps):
            P[n, k] = e / total
    return P


def softmax_unshifted(Z):
    e = np.exp(Z)
    return e / e.sum(axis=1, keepdims=True)


def softmax_batch_max(Z):
    e = np.exp(Z - np.max(Z))
    return e / e.sum(axis=1, keepdims=True)


def softmax_columns(Z):
    P = softmax_rows(np.asarray(Z).T)
    return P.T


def softmax_one_total(Z):
    e = np.exp(Z - Z.max(axis=1, keepdims=True))
    return e / np.sum(e)


def softmax_max_flat(Z):
    e = np.exp(Z - Z.max(axis=1))
    return e / e.sum(axis=1, keepdims=True)


def softmax_sum_flat(Z):
    e = np.exp(Z - Z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1)


# --- autograd ------------------------------------------------------------------------------


def tanh_node(x, out_grad):
    """tanh' = 1 / cosh², another formula than the checker's 1 − t²."""
    t = elementwise(math.tanh, x)
    grad = elementwise(lambda xi, gi: gi / math.cosh(xi) ** 2, x, out_grad)
    return t, grad


def shared_gradients(x, y):
    """f = x·y + x·x backpropagated by hand: every use of x adds its share."""
    gx = np.zeros(np.shape(x))
    gy = np.zeros(np.shape(y))
    gx += y  # x·y → ∂/∂x
    gy += x  # x·y → ∂/∂y
    gx += x  # x·x, left factor
    gx += x  # x·x, right factor
    return gx, gy


def shared_gradients_overwritten(x, y):
    gx = y  # x·y
    gy = x
    gx = x  # x·x, left factor: replaces
    gx = x  # x·x, right factor: replaces again
    return gx, gy


def graph_backward(edges, output):
    """∂output/∂node = Σ over the nodes p that use node of ∂output/∂p · ∂p/∂node (memoised
    recursion over the users, not the checker's propagation in reverse topological order)."""
    rows = [(int(p), int(c), float(d)) for p, c, d in edges]
    n = max(max(p, c) for p, c, _ in rows) + 1
    memo = {}

    def d_output(node):
        if node not in memo:
            if node == int(output):
                memo[node] = 1.0
            else:
                memo[node] = sum(d_output(p) * d for p, c, d in rows if c == node)
        return memo[node]

    return np.array([d_output(node) for node in range(n)])


def graph_propagate(edges, output, *, order="reverse", add=True, local=True, seed=True, op="*"):
    """The propagation a learner writes, with its slips as options."""
    rows = [(int(p), int(c), float(d)) for p, c, d in edges]
    n = max(max(p, c) for p, c, _ in rows) + 1
    if order == "descending":
        visit = list(range(n - 1, -1, -1))
    else:
        post, seen, stack = [], set(), [(int(output), False)]
        while stack:  # depth-first post-order: every input before the node that uses it
            node, expanded = stack.pop()
            if expanded:
                post.append(node)
            elif node not in seen:
                seen.add(node)
                stack.append((node, True))
                stack.extend((c, False) for p, c, _ in rows if p == node)
        visit = post[::-1] if order == "reverse" else post
    grads = [0.0] * n
    if seed:
        grads[int(output)] = 1.0
    for node in visit:
        for p, c, d in rows:
            if p != node:
                continue
            factor = (d if op == "*" else 1 / d) if local else 1.0
            grads[c] = grads[c] + grads[node] * factor if add else grads[node] * factor
    return np.array(grads)


# --- the table -----------------------------------------------------------------------------

TABLE = {  # checker: (independent correct solution, [(wrong answer, mistake it must be named)])
    "check_critical_point": (
        critical_point_by_minors,
        [
            (
                lambda H: critical_point_by_minors(np.diag(np.diag(H))),
                "diagonal instead of eigenvalues",
            ),
            (lambda H: "minimum" if np.trace(H) > 0 else "maximum", "trace instead of eigenvalues"),
            (lambda H: "minimum" if np.linalg.det(H) > 0 else "saddle", "determinant only"),
            (lambda H: critical_point_by_minors(H).replace("saddle", "saddle point"), None),
        ],
    ),
    "check_ends_in": (
        ends_in_loop,
        [
            (
                lambda grad, w0, lr, steps, minima: ends_in_loop(grad, w0, lr, 0, minima),
                "nearest to the start",
            ),
            (
                lambda grad, w0, lr, steps, minima: ends_in_loop(
                    lambda w: -grad(w), w0, lr, steps, minima
                ),
                "wrong sign",
            ),
            (
                lambda grad, w0, lr, steps, minima: ends_in_loop(grad, w0, lr, 1, minima),
                "one step only",
            ),
            (  # a label instead of the index
                lambda grad, w0, lr, steps, minima: (
                    f"minimum {ends_in_loop(grad, w0, lr, steps, minima)}"
                ),
                None,
            ),
        ],
    ),
    "check_momentum_descent": (
        momentum_descent_loop,
        [
            (lambda *a: momentum_descent_loop(*a, old_velocity=True), "old velocity used"),
            (lambda *a: momentum_descent_loop(*a, average=True), "averaged velocity"),
            (
                lambda g, w0, lr, beta, steps: momentum_descent_loop(g, w0, lr, 1.0, steps),
                "velocity never decays",
            ),
            (
                lambda g, w0, lr, beta, steps: momentum_descent_loop(g, w0, lr, beta, steps)[1:],
                "start missing",
            ),
            (
                lambda g, w0, lr, beta, steps: momentum_descent_loop(g, w0, lr, beta, steps)[:-1],
                None,
            ),
        ],
    ),
    # The capstone's learners, written as a learner would (tests/test_capstone.py); index 0 is
    # forward, 1 loss_and_grads, 2 train.
    "check_capstone_forward": (
        capstone_learner()[0],
        [
            (capstone_learner(no_shift=True)[0], "softmax without the shift"),
            (capstone_learner(no_transpose=True)[0], "W not transposed"),
        ],
    ),
    "check_capstone_gradients": (
        capstone_learner()[1],
        [
            (capstone_learner(summed=True)[1], "summed over the batch"),
            (capstone_learner(dW_transposed=True)[1], "missing transpose"),
            (capstone_learner(mask="A>=0")[1], "ReLU mask missing"),
            (capstone_learner(no_bias_grad=True)[1], "bias gradient forgotten"),
        ],
    ),
    "check_capstone_training": (
        capstone_learner()[2],
        [(capstone_learner(accumulate=True)[2], "gradients accumulating across steps")],
    ),
    "check_neuron_gradients": (
        neuron_gradients,
        [
            (neuron_gradients_no_slope, "missing activation derivative"),
            (neuron_gradients_dz_dw_one, "dz/dw taken as 1"),
            (neuron_gradients_y_minus_a, "wrong sign"),
            (lambda x, w, b, y: tuple(g / 2 for g in neuron_gradients(x, w, b, y)), "missing 2"),
        ],
    ),
    "check_sigmoid_backward": (
        sigmoid_backward,
        [
            (lambda A, dA: dA * A, "sigmoid instead of its slope"),
            (lambda A, dA: dA * (1 - A**2), "tanh's derivative"),
            (lambda A, dA: dA, "missing activation derivative"),
            (lambda A, dA: dA * sig(A) * (1 - sig(A)), "sigmoid applied twice"),
            (lambda A, dA: A * (1 - A) * dA.sum(axis=0), None),  # upstream gradient summed first
        ],
    ),
    "check_dense_backward": (
        dense_backward,
        [
            (lambda X, W, dZ: (dZ @ W, X.T @ dZ, dZ.sum(axis=0)), "transposed dW"),
            (lambda X, W, dZ: (dZ @ W.T, dZ.T @ X, dZ.sum(axis=0)), "transposed weight matrix"),
            (lambda X, W, dZ: (dZ @ W, dZ.T @ X, dZ.mean(axis=0)), "mean instead of sum for db"),
            (lambda X, W, dZ: (dZ @ W, dZ.T @ X, dZ.sum(axis=1)), "db summed over the wrong axis"),
            (lambda X, W, dZ: (dZ @ W, dZ.T @ X / len(X), dZ.sum(axis=0) / len(X)), "extra 1/n"),
        ],
    ),
    "check_weight_gradient_by_samples": (
        weight_gradient_by_samples,
        [
            (lambda X, dZ: X.T @ dZ, "outer product the wrong way round"),
            (lambda X, dZ: np.outer(dZ[-1], X[-1]), "overwritten, not summed"),
            (lambda X, dZ: np.outer(dZ[0], X[0]), "first sample only"),
            (lambda X, dZ: dZ.T @ X / len(X), "averaged over the samples"),
            (lambda X, dZ: np.outer(dZ.sum(axis=0), X.sum(axis=0)), None),  # sums, then outer
            (lambda X, dZ: dZ.T @ X[::-1], None),  # δ of one sample with another's input
        ],
    ),
    "check_least_squares": (
        least_squares,
        [
            (lambda X, y: (np.linalg.lstsq(X, y, rcond=None)[0], 0.0), "no column of ones"),
            (
                lambda X, y: (np.linalg.lstsq(X, y, rcond=None)[0], float(np.mean(y))),
                "intercept as the mean of y",
            ),
            (least_squares_intercept_first, "intercept read from the wrong end"),
            (
                lambda X, y: (
                    np.linalg.solve(X.T @ X, X.T @ y),
                    float(np.mean(y - X.mean(axis=0))),
                ),
                None,
            ),  # w through the origin, then a guessed intercept
        ],
    ),
    "check_linear_regression_gradient": (
        linear_regression_gradient,
        [
            (lambda X, y, w, b: linear_regression_gradient(X, y, w, b, two=1.0), "missing 2"),
            (lambda X, y, w, b: linear_regression_gradient(X, y, w, b, mean=False), "missing 1/n"),
            (lambda X, y, w, b: linear_regression_gradient(X, y, w, b, sign=-1.0), "wrong sign"),
            (
                lambda X, y, w, b: linear_regression_gradient(X, y, w, b, bias=False),
                "bias left out of the prediction",
            ),
            (
                lambda X, y, w, b: (2 * X @ (X @ w + b - y) / len(y), 2 * np.mean(X @ w + b - y)),
                "transposed X",
            ),
        ],
    ),
    "check_ridge_gradient": (
        ridge_gradient,
        [
            (
                lambda X, y, w, b, lam: (
                    ridge_gradient(X, y, w, b, lam)[0],
                    ridge_gradient(X, y, w, b, lam)[1] + 2 * lam * b,
                ),
                "bias penalised",
            ),
            (
                lambda X, y, w, b, lam: (
                    ridge_gradient(X, y, w, b, lam)[0] - lam * w,
                    ridge_gradient(X, y, w, b, lam)[1],
                ),
                "penalty without the 2",
            ),
            (
                lambda X, y, w, b, lam: (
                    linear_regression_gradient(X, y, w, b)[0] + 2 * lam * w / len(y),
                    linear_regression_gradient(X, y, w, b)[1],
                ),
                "penalty divided by n",
            ),
            (lambda X, y, w, b, lam: linear_regression_gradient(X, y, w, b), "penalty left out"),
            (
                lambda X, y, w, b, lam: (
                    linear_regression_gradient(X, y, w, b)[0] - 2 * lam * w,
                    linear_regression_gradient(X, y, w, b)[1],
                ),
                "penalty with the wrong sign",
            ),
        ],
    ),
    "check_stable_learning_rate": (
        stable_learning_rate,
        [
            (lambda X: len(X) / np.linalg.norm(X, 2) ** 2, "no column of ones"),
            (lambda X: stable_learning_rate(X) / 2, "one over λ_max"),
            (
                lambda X: 1 / np.linalg.norm(np.column_stack([X, np.ones(len(X))]), 2) ** 2,
                "Hessian without the 1/n",
            ),
            (
                lambda X: (
                    2
                    / np.trace(
                        2
                        * np.column_stack([X, np.ones(len(X))]).T
                        @ np.column_stack([X, np.ones(len(X))])
                        / len(X)
                    )
                ),
                None,
            ),
        ],
    ),
    "check_adam_step": (
        adam_step,
        [
            (lambda *a: adam_step(*a, correct=False), "no bias correction"),
            (lambda *a: adam_step(*a, root=False), "square root missing"),
            (lambda *a: adam_step(*a, eps_on=False), "ε forgotten"),
            (
                lambda theta, m, r, grad, t, *rest: adam_step(theta, m, r, grad, t - 1, *rest),
                "step counted from 0",
            ),
            (
                lambda *a: tuple(
                    2 * a[0] - r if k == 0 else r for k, r in enumerate(adam_step(*a))
                ),
                "wrong sign",
            ),
        ],
    ),
    "check_momentum_effective_lr": (
        momentum_effective_lr,
        [
            (lambda lr, beta: lr / (1 + beta), "η/(1 + β)"),
            (lambda lr, beta: lr * beta, "η·β"),
            (lambda lr, beta: momentum_effective_lr(1.0, beta), "learning rate left out"),
            (lambda lr, beta: lr * (1 + beta), None),  # only the first two terms of the series
        ],
    ),
    "check_momentum_largest_stable_lr": (
        momentum_largest_stable_lr,
        [
            (lambda H, beta: 2 / spectral_norm(H), "plain gradient descent's bound"),
            (
                lambda H, beta: 2 * (1 + beta) / np.max(np.diag(H)),
                "diagonal instead of eigenvalues",
            ),
            (
                lambda H, beta: 2 * (1 - beta) / spectral_norm(H),
                "effective learning rate of a constant gradient",
            ),
            (lambda H, beta: (1 + beta) / spectral_norm(H), None),  # 1 / λ_max scaled
        ],
    ),
    "check_momentum_step": (
        momentum_step,
        [
            (
                lambda theta, v, grad, lr, beta: (theta - lr * (v + grad), v + grad),
                "velocity not decayed",
            ),
            (momentum_step_average, "(1 − β) on the gradient"),
            (momentum_step_eta_in_v, "η inside the velocity"),
            (momentum_step_old_v, "old velocity in the step"),
            (
                lambda theta, v, grad, lr, beta: (theta - lr * grad, beta * v + grad),
                "gradient instead of velocity",
            ),
        ],
    ),
    "check_confusion_matrix": (
        confusion_matrix,
        [
            (
                lambda y_true, y_pred, n: confusion_matrix(y_pred, y_true, n),
                "rows and columns swapped",
            ),
            (confusion_fancy_index, "repeated pairs counted once"),
            (confusion_sized_by_labels, "n_classes ignored"),
        ],
    ),
    "check_per_class_accuracy": (
        per_class_accuracy,
        [
            (lambda c: np.diag(c) / c.sum(axis=0), "divided by the column sums"),
            (lambda c: np.trace(c) / c.sum(), "overall accuracy"),
            (lambda c: c.max(axis=1) / c.sum(axis=1), "largest count instead of the diagonal"),
            (lambda c: np.diag(c) / c.sum(), "divided by the total"),
        ],
    ),
    "check_standardize_test": (
        standardize_test,
        [
            (
                lambda Xtr, Xte: (Xte - Xtr.mean(axis=0)) / Xtr.std(axis=0),
                "divided by a zero spread",
            ),
            (lambda Xtr, Xte: (Xte - Xte.mean(axis=0)) / Xte.std(axis=0), "test statistics used"),
            (
                lambda Xtr, Xte: (Xte - Xtr.mean(axis=0)) / Xtr.var(axis=0),
                "divided by the variance",
            ),
            (lambda Xtr, Xte: (Xte - Xtr.mean()) / Xtr.std(), "statistics over the wrong axis"),
            (lambda Xtr, Xte: (Xte - Xtr.mean(axis=0)) / Xtr.std(axis=0, ddof=1), None),
        ],
    ),
    "check_weight_decay_step": (
        weight_decay_step,
        [
            (weight_decay_step_all_parameters, "bias decayed"),
            (
                lambda W, b, dW, db, lr, lam: (W - lr * (dW - lam * W), b - lr * db),
                "wrong sign of the decay",
            ),
            (
                lambda W, b, dW, db, lr, lam: (W - lam * W - lr * dW, b - lr * db),
                "η missing from the decay factor",
            ),
            (
                lambda W, b, dW, db, lr, lam: (W - lr * (dW + lam * W / 2), b - lr * db),
                "half the decay",
            ),
            (weight_decay_step_in_place, "modified input"),
        ],
    ),
    "check_stopping_epoch": (
        stopping_epoch,
        [
            (lambda train_loss, val_loss: len(train_loss), "last epoch"),
            (lambda train_loss, val_loss: list(val_loss).index(min(val_loss)), "counted from 0"),
            (stopping_epoch_patience_one, "stopped at the first rise"),
            (
                lambda train_loss, val_loss: int(np.argmin(train_loss)) + 1,
                "chosen on the training loss",
            ),
        ],
    ),
    "check_augmented_gradient": (
        augmented_gradient,
        [
            (lambda dz, a: np.outer(dz, a), "bias column missing"),
            (lambda dz, a: np.outer(dz, np.concatenate([[1.0], a])), "ones column first"),
            (lambda dz, a: augmented_gradient(dz, a).T, "transposed"),
        ],
    ),
    "check_relu_backward": (
        relu_backward,
        [
            (lambda z, da: da, "mask missing"),
            (lambda z, da: np.where(z >= 0, da, 0.0), "z = 0 counted as on"),
            (lambda z, da: np.maximum(da, 0.0), "mask from the gradient"),
            (lambda z, da: np.maximum(z, 0.0) * da, None),  # ReLU itself instead of its slope
        ],
    ),
    "check_update": (
        update,
        [
            (lambda W, dW, lr: W + lr * dW, "wrong sign"),
            (lambda W, dW, lr: W - dW, "learning rate ignored"),
            (update_in_place, "modified input"),
            (
                lambda W, dW, lr: W - lr * dW.T if dW.shape[0] == dW.shape[1] else W - lr * dW / 2,
                None,
            ),
        ],
    ),
    "check_epoch_loss": (
        epoch_loss,
        [
            (lambda losses, sizes: sum(losses) / len(losses), "unweighted mean"),
            (
                lambda losses, sizes: (
                    sum(loss * size for loss, size in zip(losses, sizes, strict=True)) / len(sizes)
                ),
                "divided by the number of batches",
            ),
            (
                lambda losses, sizes: sum(
                    loss * size for loss, size in zip(losses, sizes, strict=True)
                ),
                "sum instead of mean",
            ),
        ],
    ),
    "check_minibatch_epoch": (
        minibatch_epoch,
        [
            (lambda *a: minibatch_epoch(*a, shuffle=False), "order ignored"),
            (lambda *a: minibatch_epoch(*a, per="n"), "divided by n"),
            (lambda *a: minibatch_epoch(*a, drop_last=True), "last batch dropped"),
        ],
    ),
    "check_updates_per_epoch": (
        updates_per_epoch,
        [
            (lambda n, bs: 1 if bs is None else n // bs, "last batch dropped"),
            (lambda n, bs: n if bs is None else -(-n // bs), "full batch counted as n updates"),
            (
                lambda n, bs: 1 if bs is None else n // bs + 1,
                None,
            ),  # one too many when bs divides n
        ],
    ),
    "check_descend": (
        descend,
        [
            (lambda grad, w0, lr, steps: descend(lambda w: -grad(w), w0, lr, steps), "wrong sign"),
            (lambda grad, w0, lr, steps: descend(grad, w0, lr, steps)[1:], "start missing"),
            (lambda grad, w0, lr, steps: descend(grad, w0, lr, steps - 1), "one step short"),
            (descend_in_place, "rows share one array"),
            (lambda grad, w0, lr, steps: descend(grad, w0, 1.0, steps), "learning rate ignored"),
        ],
    ),
    "check_largest_stable_lr": (
        largest_stable_lr,
        [
            (lambda H: largest_stable_lr(H) / 2, "one over λ_max"),
            (lambda H: 2 / np.trace(H), "trace instead of the largest eigenvalue"),
            (lambda H: 2 / max(H[i, i] for i in range(len(H))), "diagonal instead of eigenvalues"),
            (lambda H: 2 / np.abs(H).sum(axis=1).max(), None),  # a row-sum bound, not λ_max
        ],
    ),
    "check_regime": (
        regime,
        [
            (lambda lr, c: "diverges" if lr * c > 1 else "converges", "bound at 1/λ"),
            (lambda lr, c: "converges" if lr * c < 2 else "diverges", "sign of the factor ignored"),
            (
                lambda lr, c: "oscillates and converges" if 1 <= lr * c < 2 else regime(lr, c),
                "factor 0 counted as oscillating",
            ),
            (
                lambda lr, c: "diverges" if lr * c >= 2 else regime(lr, c),
                "oscillating forever missed",
            ),
            (
                lambda lr, c: "oscilates and converges" if 1 < lr * c < 2 else regime(lr, c),
                None,
            ),  # typo
        ],
    ),
    "check_steepest_step": (
        steepest_step,
        [
            (lambda g, t: -steepest_step(g, t), "wrong sign"),
            (lambda g, t: -t * np.asarray(g), "not normalised"),
            (lambda g, t: steepest_step(g, 1.0), "length ignored"),
            (lambda g, t: steepest_step(g, t) / np.linalg.norm(g), "divided by the squared length"),
            (
                lambda g, t: -t * np.asarray(g) / np.abs(g).max(),
                None,
            ),  # the largest entry as length
        ],
    ),
    "check_boundary": (
        boundary,
        [
            (lambda study, w, b: (b + w[0] * study) / w[1], "sign"),
            (lambda study, w, b: -w[0] * study / w[1], "bias left out"),
            (lambda study, w, b: -(w[1] * study + b) / w[0], "divided by the wrong weight"),
        ],
    ),
    "check_logistic_gradients": (
        logistic_gradients,
        [
            (lambda *a: logistic_gradients(*a, mean=False), "missing 1/n"),
            (lambda *a: logistic_gradients(*a, sign=-1.0), "wrong sign"),
            (lambda *a: logistic_gradients(*a, logit=True), "logit instead of probability"),
            (logistic_gradients_with_slope, "MSE's extra factor"),
        ],
    ),
    "check_predict": (
        predict,
        [
            (lambda X, w, b: sig(X @ w + b), "probabilities returned"),
            (lambda X, w, b: (X @ w + b >= 0.5).astype(int), "threshold on the logit at 0.5"),
            (lambda X, w, b: (X @ w + b > 0).astype(int), "strict inequality"),
            (lambda X, w, b: (X @ w + b < 0).astype(int), "classes swapped"),
        ],
    ),
    "check_hidden_weight_gradient": (
        hidden_weight_gradient,
        [
            (lambda *a: hidden_weight_gradient(*a, neuron=2, input_=1), "indices swapped"),
            (lambda *a: hidden_weight_gradient(*a, neuron=2, input_=3), "counted from 1"),
            (lambda *a: hidden_weight_gradient(*a, slope=False), "missing activation derivative"),
            (lambda *a: hidden_weight_gradient(*a, two=1.0), "missing 2"),
            (lambda *a: hidden_weight_gradient(*a, neuron=1, input_=1), None),  # x_2 instead of x_3
        ],
    ),
    "check_W1_gradient": (
        W1_gradient,
        [
            (lambda *a: W1_gradient(*a, slope=False), "missing activation derivative"),
            (lambda *a: W1_gradient(*a).T, "transposed"),
            (lambda *a: W1_gradient(*a) / 2, None),  # a missing 2 (not catalogued here)
        ],
    ),
    "check_output_gradients": (
        output_gradients,
        [
            (lambda *a: output_gradients(*a, use_z=True), "pre-activation instead of activation"),
            (lambda *a: output_gradients(*a, two=1.0), "missing 2"),
            (
                lambda *a: (output_gradients(*a)[0] * a[2], output_gradients(*a)[1]),
                "output weights in the gradient",
            ),
        ],
    ),
    "check_init_std": (
        init_std,
        [
            (
                lambda n_in, n_out, act: init_std(n_in, n_out, act) ** 2,
                "variance instead of standard deviation",
            ),
            (
                lambda n_in, n_out, act: init_std(n_in, n_out, "tanh" if act == "relu" else "relu"),
                "rules swapped",
            ),
            (
                lambda n_in, n_out, act: (
                    (1 / n_in) ** 0.5 if act == "relu" else init_std(n_in, n_out, act)
                ),
                "1/n_in for ReLU",
            ),
            (
                lambda n_in, n_out, act: (
                    (2 / n_out) ** 0.5 if act == "relu" else init_std(n_in, n_out, act)
                ),
                "outputs instead of inputs",
            ),
            (
                lambda n_in, n_out, act: (2 / n_in) ** 0.5 if act == "relu" else (1 / n_in) ** 0.5,
                None,
            ),  # LeCun's 1/n_in for sigmoid and tanh
        ],
    ),
    "check_layers_until": (
        layers_until,
        [
            (lambda t: math.floor(math.log(t) / math.log(0.25)), "rounded down"),
            (layers_until_loop_ge, "one layer too many at an exact power"),
            (lambda t: math.ceil(math.log(t) / math.log(0.5)), "slope of 1/2"),
            (lambda t: math.ceil(math.log10(t) / math.log(0.25)), "base-10 count"),  # mixed bases
            (
                lambda t: math.ceil(math.log(t) / math.log(0.25)) + 1,
                None,
            ),  # counts the input as a layer
        ],
    ),
    "check_clip_global_norm": (
        clip_global,
        [
            (
                lambda dW, db, c: tuple(g * min(1.0, c / np.linalg.norm(g)) for g in (dW, db)),
                "each array clipped on its own",
            ),
            (
                lambda dW, db, c: tuple(
                    g * c / math.sqrt(np.sum(dW**2) + np.sum(db**2)) for g in (dW, db)
                ),
                "scaled when below the threshold",
            ),
            (lambda dW, db, c: (np.clip(dW, -c, c), np.clip(db, -c, c)), "clipped entry by entry"),
            (lambda dW, db, c: clip_global(dW, db, c)[:1], None),  # db forgotten
        ],
    ),
    "check_slope_product": (
        slope_product,
        [
            (lambda weights, z: math.prod(sig_slope(z_l) for z_l in z), "weights left out"),
            (lambda weights, z: math.prod(weights), "slopes left out"),
            (
                lambda weights, z: math.prod(
                    w_l * sig(z_l) for w_l, z_l in zip(weights, z, strict=True)
                ),
                "sigmoid instead of its slope",
            ),
            (
                lambda weights, z: sum(
                    w_l * sig_slope(z_l) for w_l, z_l in zip(weights, z, strict=True)
                ),
                "sum instead of product",
            ),
        ],
    ),
    "check_best_guess": (
        best_guess,
        [
            (best_guess_loss, "returned the loss"),
            (
                lambda candidates, loss: min(
                    range(len(candidates)), key=lambda i: loss(candidates[i])
                ),
                "returned the index",
            ),
            (lambda candidates, loss: max(candidates, key=loss), "kept the worst"),
        ],
    ),
    "check_cosine": (
        cosine,
        [
            (lambda u, v: sum(a * b for a, b in zip(u, v, strict=True)), "not normalised"),
            (lambda u, v: abs(cosine(u, v)), "absolute value"),
            (lambda u, v: np.dot(u, v) / (np.dot(u, u) * np.dot(v, v)), "squared lengths"),
            (lambda u, v: np.dot(u, v) / (np.linalg.norm(u) + np.linalg.norm(v)), None),
        ],
    ),
    "check_tweak": (
        tweak,
        [
            (lambda theta, loss, d, s: theta + s * d, "always accepted"),
            (
                lambda theta, loss, d, s: (
                    theta + s * d if loss(theta + s * d) <= loss(theta) else theta
                ),
                "ties accepted",
            ),
            (
                lambda theta, loss, d, s: theta + d if loss(theta + d) < loss(theta) else theta,
                "step size ignored",
            ),
            (lambda theta, loss, d, s: theta, "never moves"),
        ],
    ),
    "check_binary_cross_entropy": (
        binary_cross_entropy,
        [
            (bce_unclipped, "no clipping"),
            (lambda p, y: -binary_cross_entropy(p, y), "missing minus sign"),
            (lambda p, y: len(p) * binary_cross_entropy(p, y), "missing 1/n"),
            (lambda p, y: -np.mean(y * np.log(np.clip(p, 1e-12, 1))), "only the y = 1 term"),
            (bce_hard_labels, "formula for hard labels only"),
            (lambda p, y: binary_cross_entropy(p, y) / math.log(10), "log base 10"),
        ],
    ),
    "check_mse": (
        mse,
        [
            (lambda p, t: np.sum((p - t) ** 2), "missing 1/n"),
            (lambda p, t: np.sum((p - t) ** 2) / len(p), "divided by the rows only"),
            (lambda p, t: math.sqrt(mse(p, t)), "square root taken"),
            (lambda p, t: np.mean((p - t.ravel()) ** 2), "broadcasting (n,) against (n, 1)"),
            (lambda p, t: np.mean(np.abs(p - t)), "absolute instead of squared"),
        ],
    ),
    "check_mse_grad": (
        mse_grad,
        [
            (lambda p, t: mse_grad(p, t) / 2, "missing 2"),
            (lambda p, t: 2 * (p - t), "missing 1/n"),
            (lambda p, t: 2 * (p - t) / len(p), "divided by the rows only"),
            (lambda p, t: 2 * (t - p) / p.size, "wrong sign"),
        ],
    ),
    "check_softmax_cross_entropy": (
        softmax_cross_entropy,
        [
            (softmax_ce_naive, "overflow"),
            (softmax_ce_global_max, "global maximum"),
            (softmax_ce_axis0, "wrong softmax axis"),
            (softmax_ce_log_of_probs, "log of an underflowed probability"),
            (softmax_ce_columns, "whole columns picked"),
            (lambda z, y: len(y) * softmax_cross_entropy(z, y), "missing 1/n"),
        ],
    ),
    # primer
    "check_count_parameters": (
        count_parameters,
        [
            (
                lambda sizes: sum(a * b for a, b in zip(sizes[:-1], sizes[1:], strict=True)),
                "biases forgotten",
            ),
            (
                lambda sizes: sum(a * b + a for a, b in zip(sizes[:-1], sizes[1:], strict=True)),
                "a bias per input",
            ),
            (  # a bias on every layer, the input layer included
                lambda sizes: (
                    sum(a * b for a, b in zip(sizes[:-1], sizes[1:], strict=True)) + sum(sizes)
                ),
                "biases on the inputs",
            ),
            (
                lambda sizes: (
                    sum(a * b for a, b in zip(sizes[:-1], sizes[1:], strict=True)) + len(sizes) - 1
                ),
                "one bias per layer",
            ),
            (lambda sizes: sum(sizes), "neurons counted"),
            (lambda sizes: math.prod(sizes), "widths multiplied together"),
            (lambda sizes: count_parameters(sizes[:-1]), None),  # the output layer left out
        ],
    ),
    "check_dense_forward": (
        dense_forward,
        [
            (lambda X, W, b: dense_forward(X, W, b, transpose=False), "X @ W instead of X @ W.T"),
            (lambda X, W, b: dense_forward(X, W, b, bias=0.0), "bias forgotten"),
            (lambda X, W, b: dense_forward(X, W, b, bias=-1.0), "bias subtracted"),
            (lambda X, W, b: dense_forward(X, W, b, bias_by_row=True), "bias as a column"),
            (lambda X, W, b: dense_forward(X, W, b, activation=True), "activation applied"),
            (
                lambda X, W, b: np.multiply(X, W) + b,
                "element-wise product instead of matrix product",
            ),
            (lambda X, W, b: W @ X.T + b[:, None], "transposed"),  # Z laid out (n_out, n)
            (lambda X, W, b: dense_forward(X, W, b) + b, None),  # the bias added twice
        ],
    ),
    "check_sigmoid_grad": (
        lambda z: elementwise(sigmoid_slope_entry, z),
        [
            (
                lambda z: elementwise(lambda v: sigmoid_entry(v) * (1 + sigmoid_entry(v)), z),
                "σ(1 + σ)",
            ),
            (lambda z: z * (1 - z), "z in place of σ(z)"),
            (lambda z: elementwise(sigmoid_entry, z), "the sigmoid itself"),
            (lambda z: elementwise(lambda v: sigmoid_entry(-v), z), "factor 1 − σ missing"),
            (lambda z: elementwise(lambda v: 1 - sigmoid_entry(v) ** 2, z), "tanh's derivative"),
            (lambda z: np.full(np.shape(z), 0.25), None),  # the slope at 0 everywhere
            (lambda z: np.exp(-z) / (1 + np.exp(-z) ** 2), None),  # square on the wrong term
        ],
    ),
    "check_softmax": (
        softmax_rows,
        [
            (softmax_unshifted, "no shift"),
            (softmax_batch_max, "shifted by the largest logit of all rows"),
            (softmax_columns, "softmax over the wrong axis"),
            (softmax_one_total, "one sum over the whole batch"),
            (softmax_max_flat, "max without keepdims"),
            (softmax_sum_flat, "sum without keepdims"),
            (lambda Z: np.log(softmax_rows(Z)), None),  # log-probabilities
            (lambda Z: (Z == Z.max(axis=1, keepdims=True)).astype(float), None),  # a hard max
        ],
    ),
    # autograd
    "check_tanh_node": (
        tanh_node,
        [
            (lambda x, g: tanh_node(x, np.ones(np.shape(g))), "upstream gradient ignored"),
            (
                lambda x, g: (tanh_node(x, g)[0], elementwise(lambda v, u: u * (1 - v * v), x, g)),
                "slope from the input",
            ),
            (
                lambda x, g: (
                    tanh_node(x, g)[0],
                    elementwise(lambda v, u: u * math.tanh(v) * (1 - math.tanh(v)), x, g),
                ),
                "sigmoid's slope",
            ),
            (
                lambda x, g: (
                    tanh_node(x, g)[0],
                    elementwise(lambda v, u: u * (1 - math.tanh(v)), x, g),
                ),
                "square missing",
            ),
            (lambda x, g: (tanh_node(x, g)[0], g + tanh_node(x, np.ones(np.shape(g)))[1]), None),
            (lambda x, g: tanh_node(x, g)[::-1], None),  # the pair in the wrong order
        ],
    ),
    "check_shared_gradients": (
        shared_gradients,
        [
            (lambda x, y: shared_gradients(x, y)[::-1], "swapped"),
            (shared_gradients_overwritten, "overwritten, not added"),
            (lambda x, y: (y + x, x), "square counted once"),
            (lambda x, y: (y, x), "first use only"),
            (lambda x, y: (y + x * x, x), None),  # x·x left undifferentiated
            (lambda x, y: (y + 2 * x, y), None),  # ∂f/∂y taken as y
        ],
    ),
    "check_graph_backward": (
        graph_backward,
        [
            (lambda e, out: graph_propagate(e, out, order="descending"), "index order"),
            (lambda e, out: graph_propagate(e, out, order="forward"), "forward order"),
            (lambda e, out: graph_propagate(e, out, add=False), "overwritten, not added"),
            (lambda e, out: graph_propagate(e, out, local=False), "local derivative ignored"),
            (lambda e, out: graph_propagate(e, out, seed=False), "output not seeded"),
            (lambda e, out: graph_propagate(e, out, op="/"), None),  # divided by the local slope
            (lambda e, out: graph_backward(e, out)[:-1], None),  # the last node left out
        ],
    ),
}


def _exported_checkers():
    """Every checker the package exports, in ``__all__`` or as an attribute (check_function grades
    any reference and is not a checker)."""
    names = set(exercises.__all__) | set(dir(exercises))
    return sorted(name for name in names if name.startswith("check_") and name != "check_function")


def test_every_checker_is_in_the_table():
    exported = set(_exported_checkers())
    assert len(exported) >= 57
    assert exported - set(TABLE) == set(), "checkers without independent answers"
    assert set(TABLE) - exported == set(), "table entries for checkers that are not exported"
    for name, (_, wrongs) in TABLE.items():
        assert wrongs, f"{name} has no independent wrong answer"
        assert (
            any(mistake is not None for _, mistake in wrongs)
            or not getattr(exercises, name).spec.mistakes
        )


@pytest.mark.parametrize("name", sorted(TABLE))
def test_independent_correct_solution_passes(name):
    correct, _ = TABLE[name]
    feedback = getattr(exercises, name)(correct)
    assert feedback.passed, f"{name} rejected a correct solution:\n{feedback.message}"


WRONG = [
    pytest.param(name, k, id=f"{name}-{mistake or 'uncatalogued'}-{k}")
    for name in sorted(TABLE)
    for k, (_, mistake) in enumerate(TABLE[name][1])
]


@pytest.mark.parametrize("name, k", WRONG)
def test_independent_wrong_answer_fails_with_its_mistake(name, k):
    wrong, mistake = TABLE[name][1][k]
    feedback = getattr(exercises, name)(wrong)
    assert not feedback.passed, f"{name} accepted a wrong answer ({mistake})"
    assert feedback.mistake == mistake, (
        f"{name}: expected mistake {mistake!r}, got {feedback.mistake!r}:\n{feedback.message}"
    )
    assert "bug in the checker" not in feedback.message


@pytest.mark.parametrize("name", sorted(TABLE))
def test_every_catalogued_name_used_above_exists(name):
    """A typo in the table must not turn into a test that names a mistake no checker has."""
    known = {m.name for m in getattr(exercises, name).spec.mistakes}
    known |= {"wrong sign", "transposed", "modified input", "accumulating gradients"}
    for _, mistake in TABLE[name][1]:
        assert mistake is None or mistake in known, (name, mistake)


# --- Checkers' own references that agree with course_lib (issue 13, item 3) ----------------


def _ref(name):
    return getattr(exercises, name).spec.reference


RNG_SEEDS = range(5)


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_sigmoid_and_relu_backward_references_agree_with_the_layers(seed):
    from course_lib.layers import ReLU, Sigmoid

    rng = np.random.default_rng(seed)
    Z, dA = rng.normal(scale=3.0, size=(6, 4)), rng.normal(size=(6, 4))
    Z[0, 0] = 0.0  # ReLU's kink
    sigmoid = Sigmoid()
    A = sigmoid.forward(Z)
    np.testing.assert_allclose(
        _ref("check_sigmoid_backward")(A, dA), sigmoid.backward(dA), rtol=1e-12
    )
    relu = ReLU()
    relu.forward(Z)
    np.testing.assert_array_equal(_ref("check_relu_backward")(Z, dA), relu.backward(dA))


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_dense_backward_reference_agrees_with_the_layer(seed):
    from course_lib.layers import Dense

    rng = np.random.default_rng(seed)
    n, n_in, n_out = rng.integers(1, 7, size=3)
    X, dZ = rng.normal(size=(n, n_in)), rng.normal(size=(n, n_out))
    layer = Dense(int(n_in), int(n_out), seed=seed)
    W = layer.parameters()[0]
    layer.forward(X)
    dX = layer.backward(dZ)
    expected = _ref("check_dense_backward")(X, W.copy(), dZ)
    for got, want in zip((dX, *layer.gradients()), expected, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_weight_gradient_by_samples_reference_agrees_with_the_layer(seed):
    from course_lib.layers import Dense

    rng = np.random.default_rng(seed)
    n, n_in, n_out = rng.integers(1, 7, size=3)
    X, dZ = rng.normal(size=(n, n_in)), rng.normal(size=(n, n_out))
    layer = Dense(int(n_in), int(n_out), seed=seed)
    layer.forward(X)
    layer.backward(dZ)
    expected = _ref("check_weight_gradient_by_samples")(X, dZ)
    np.testing.assert_allclose(layer.gradients()[0], expected, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_clip_reference_agrees_with_optim(seed):
    from course_lib.optim import clip_grad_norm

    rng = np.random.default_rng(seed)
    dW, db = rng.normal(size=(3, 2)), rng.normal(size=3)
    for max_norm in (0.5, 100.0):
        for got, want in zip(
            _ref("check_clip_global_norm")(dW, db, max_norm),
            clip_grad_norm([dW, db], max_norm),
            strict=True,
        ):
            np.testing.assert_allclose(got, want, rtol=1e-12)


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_sigmoid_slope_references_agree_with_activations(seed):
    from course_lib.activations import sigmoid, sigmoid_grad

    rng = np.random.default_rng(seed)
    weights, z = rng.normal(size=5), rng.normal(scale=2.0, size=5)
    np.testing.assert_allclose(
        _ref("check_slope_product")(weights, z), np.prod(weights * sigmoid_grad(z)), rtol=1e-12
    )
    x, w, b, y = rng.normal(size=4)
    slope = 2.0 * (sigmoid(w * x + b) - y) * sigmoid_grad(w * x + b)
    np.testing.assert_allclose(
        _ref("check_neuron_gradients")(x, w, b, y), (slope * x, slope), rtol=1e-12
    )


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_optimizer_step_references_agree_with_optim(seed):
    from course_lib.optim import SGD, Adam, Momentum

    rng = np.random.default_rng(seed)
    shape = (3, 2)
    grads = [rng.normal(size=shape) for _ in range(4)]
    theta0 = rng.normal(size=shape)

    theta = theta0.copy()
    SGD(0.1).step([theta], [grads[0]])
    np.testing.assert_allclose(_ref("check_update")(theta0, grads[0], 0.1), theta, rtol=1e-14)

    live, optimizer = theta0.copy(), Momentum(0.05, beta=0.8)
    pure, v = theta0.copy(), np.zeros(shape)
    for g in grads:
        optimizer.step([live], [g])
        pure, v = _ref("check_momentum_step")(pure, v, g, 0.05, 0.8)
        np.testing.assert_allclose(pure, live, rtol=1e-12)

    live, optimizer = theta0.copy(), Adam(0.01, beta1=0.85, beta2=0.99, eps=1e-8)
    pure, m, v = theta0.copy(), np.zeros(shape), np.zeros(shape)
    for t, g in enumerate(grads, start=1):
        optimizer.step([live], [g])
        pure, m, v = _ref("check_adam_step")(pure, m, v, g, t, 0.01, 0.85, 0.99, 1e-8)
        np.testing.assert_allclose(pure, live, rtol=1e-12)


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_single_unit_references_agree_with_the_models(seed):
    from course_lib.models import LinearRegression, Neuron

    rng = np.random.default_rng(seed)
    X = rng.normal(size=(7, 3))
    for model, y, name in (
        (
            Neuron(3, seed=seed),
            (rng.uniform(size=7) < 0.5).astype(float),
            "check_logistic_gradients",
        ),
        (LinearRegression(3, seed=seed), rng.normal(size=7), "check_linear_regression_gradient"),
    ):
        w, b = model.parameters()
        b[...] = rng.normal()
        model.loss(X, y)
        model.backward()
        dw, db = _ref(name)(X, y, w.copy(), float(b))
        np.testing.assert_allclose(dw, model.gradients()[0], rtol=1e-12)
        np.testing.assert_allclose(db, model.gradients()[1], rtol=1e-12)
        if name == "check_logistic_gradients":
            np.testing.assert_array_equal(_ref("check_predict")(X, w, float(b)), model.predict(X))


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_three_neuron_references_agree_with_the_model_by_finite_differences(seed):
    """The three checkers' gradients against central differences of ThreeNeuronNet's loss."""
    from course_lib.models import ThreeNeuronNet

    rng = np.random.default_rng(seed)
    net = ThreeNeuronNet(seed=seed, scale=1.0)
    x, y = rng.normal(size=4), float(rng.normal())
    W1, b1, W2, b2 = net.W1, net.b1, net.W2, net.b2

    def numerical(param):
        grad = np.zeros_like(param)
        for k in np.ndindex(param.shape):
            old = param[k]
            param[k] = old + 1e-6
            up = net.loss(x, y)
            param[k] = old - 1e-6
            down = net.loss(x, y)
            param[k] = old
            grad[k] = (up - down) / 2e-6
        return grad

    args = (W1.copy(), b1.copy(), W2.copy(), b2.copy(), x, y)
    dW1 = numerical(W1)
    np.testing.assert_allclose(_ref("check_W1_gradient")(*args), dW1, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(
        _ref("check_hidden_weight_gradient")(*args), dW1[1, 2], rtol=1e-6, atol=1e-9
    )
    dW2, db2 = _ref("check_output_gradients")(*args)
    np.testing.assert_allclose(dW2, numerical(W2), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(db2, numerical(b2), rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_standardize_reference_agrees_with_data_standardize(seed):
    from course_lib.data import standardize

    rng = np.random.default_rng(seed)
    X_train, X_test = rng.normal(size=(9, 4)) * [1.0, 3.0, 0.1, 1.0], rng.normal(size=(5, 4))
    X_train[:, 3] = 0.0  # a constant feature: only centred
    np.testing.assert_allclose(
        _ref("check_standardize_test")(X_train, X_test),
        standardize(X_train, X_test)[1],
        rtol=1e-12,
        atol=1e-14,
    )


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_descent_references_agree_with_optim_and_landscapes(seed):
    from course_lib.landscapes import Quadratic, elongated_bowl
    from course_lib.models import LinearRegression
    from course_lib.optim import gradient_descent

    rng = np.random.default_rng(seed)
    bowl = elongated_bowl(
        tuple(np.sort(rng.uniform(0.5, 10.0, size=2))), angle=float(rng.uniform(-90, 90))
    )
    w0 = rng.normal(size=2)
    np.testing.assert_allclose(
        _ref("check_descend")(bowl.grad, w0, 0.05, 6),
        gradient_descent(bowl.grad, w0, 0.05, 6),
        rtol=1e-14,
    )
    np.testing.assert_allclose(
        _ref("check_largest_stable_lr")(bowl.H), bowl.stability_bound, rtol=1e-12
    )
    np.testing.assert_allclose(
        _ref("check_momentum_largest_stable_lr")(bowl.H, 0.0), bowl.stability_bound, rtol=1e-12
    )

    # The Hessian of LinearRegression's loss, by differences of its gradients (exact: they are
    # linear).
    X, y = rng.normal(size=(8, 2)) + 2.0, rng.normal(size=8)
    model = LinearRegression(2, seed=seed)
    params = model.parameters()
    theta0 = np.concatenate([p.ravel() for p in params])

    def gradient(theta):
        params[0][...], params[1][...] = theta[:2], theta[2]
        model.loss(X, y)
        model.backward()
        return np.concatenate([g.ravel() for g in model.gradients()])

    H = np.column_stack([(gradient(theta0 + e) - gradient(theta0 - e)) / 2 for e in np.eye(3)])
    np.testing.assert_allclose(
        _ref("check_stable_learning_rate")(X), Quadratic((H + H.T) / 2).stability_bound, rtol=1e-9
    )


def test_init_std_reference_agrees_with_dense_init():
    """He for "relu", Xavier otherwise: the spread of a large Dense layer's initial weights."""
    from course_lib.layers import Dense

    for n_in, n_out, activation, init in ((400, 900, "relu", "he"), (900, 400, "tanh", "xavier")):
        W = Dense(n_in, n_out, seed=1, init=init).parameters()[0]
        # 360,000 draws: the sample std is within 0.5% of the true one (about 4 standard errors).
        np.testing.assert_allclose(
            W.std(), _ref("check_init_std")(n_in, n_out, activation), rtol=5e-3
        )


@pytest.mark.parametrize("n, batch_size", [(10, 4), (12, 4), (7, 1), (9, None)])
def test_updates_per_epoch_reference_agrees_with_fit(n, batch_size):
    from course_lib.models import LinearRegression
    from course_lib.train import fit

    rng = np.random.default_rng(n)
    X, y = rng.normal(size=(n, 2)), rng.normal(size=n)
    history = fit(LinearRegression(2), X, y, epochs=1, lr=0.01, batch_size=batch_size)
    assert history.updates_per_epoch == _ref("check_updates_per_epoch")(n, batch_size)


# --- The independent gradients against central finite differences ----------------------------


def _central_differences(f, x0, eps=1e-6):
    x0 = np.array(x0, dtype=float)
    grad = np.zeros_like(x0)
    for k in np.ndindex(x0.shape):
        up, down = x0.copy(), x0.copy()
        up[k] += eps
        down[k] -= eps
        grad[k] = (f(up) - f(down)) / (2 * eps)
    return grad


def _mse_loss(X, y, w, b):
    return np.mean((X @ w + b - y) ** 2)


def _bce_loss(X, y, w, b):
    p = sig(X @ w + b)
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def _three_loss(W1, b1, W2, b2, x, y):
    return float((W2 @ sig(W1 @ x + b1) + b2)[0] - y) ** 2


def _pairs_neuron(x, w, b, y):
    dw, db = neuron_gradients(x, w, b, y)

    def loss(w_, b_):
        return (sig(w_ * x + b_) - y) ** 2

    return [(lambda v: loss(v[()], b), w, dw), (lambda v: loss(w, v[()]), b, db)]


def _pairs_regression(X, y, w, b, lam=None):
    dw, db = (
        ridge_gradient(X, y, w, b, lam)
        if lam is not None
        else linear_regression_gradient(X, y, w, b)
    )
    penalty = (lambda w_: lam * w_ @ w_) if lam is not None else (lambda w_: 0.0)
    return [
        (lambda v: _mse_loss(X, y, v, b) + penalty(v), w, dw),
        (lambda v: _mse_loss(X, y, w, v[()]) + penalty(w), b, db),
    ]


def _pairs_logistic(X, y, w, b):
    dw, db = logistic_gradients(X, y, w, b)
    return [(lambda v: _bce_loss(X, y, v, b), w, dw), (lambda v: _bce_loss(X, y, w, v[()]), b, db)]


def _pairs_sigmoid_backward(A, dA):
    Z = np.log(A / (1 - A))  # A = σ(Z); L = Σ dA ⊙ σ(Z) has dL/dZ = dA ⊙ σ'(Z)
    return [(lambda v: np.sum(dA * sig(v)), Z, sigmoid_backward(A, dA))]


def _pairs_dense_backward(X, W, dZ):
    # L = Σ dZ ⊙ (X Wᵀ + b) has dL/dZ = dZ; its gradients are dX, dW, db.
    dX, dW, db = dense_backward(X, W, dZ)
    b = np.zeros(W.shape[0])
    return [
        (lambda v: np.sum(dZ * (v @ W.T + b)), X, dX),
        (lambda v: np.sum(dZ * (X @ v.T + b)), W, dW),
        (lambda v: np.sum(dZ * (X @ W.T + v)), b, db),
    ]


def _pairs_augmented(dz, a):
    # L = dz · ([W | b] [a; 1]) has dL/dz = dz.
    Wb = np.zeros((len(dz), len(a) + 1))
    return [(lambda v: dz @ (v @ np.append(a, 1.0)), Wb, augmented_gradient(dz, a))]


def _pairs_mse_grad(y_pred, y_true):
    return [(lambda v: np.mean((v - y_true) ** 2), y_pred, mse_grad(y_pred, y_true))]


def _pairs_three(W1, b1, W2, b2, x, y):
    dW2, db2 = output_gradients(W1, b1, W2, b2, x, y)
    dW1 = W1_gradient(W1, b1, W2, b2, x, y)
    d23 = hidden_weight_gradient(W1, b1, W2, b2, x, y)
    return [
        (lambda v: _three_loss(v, b1, W2, b2, x, y), W1, dW1),
        (lambda v: _three_loss(W1, b1, v, b2, x, y), W2, dW2),
        (lambda v: _three_loss(W1, b1, W2, v, x, y), b2, db2),
        # w_23 alone: W1 moved by v at [1, 2] (neuron 2, input 3)
        (
            lambda v: _three_loss(W1 + np.pad([[v[()]]], ((1, 1), (2, 1))), b1, W2, b2, x, y),
            np.zeros(()),
            d23,
        ),
    ]


FINITE_DIFFERENCES = {
    "check_neuron_gradients": _pairs_neuron,
    "check_linear_regression_gradient": _pairs_regression,
    "check_ridge_gradient": _pairs_regression,
    "check_logistic_gradients": _pairs_logistic,
    "check_sigmoid_backward": _pairs_sigmoid_backward,
    "check_dense_backward": _pairs_dense_backward,
    "check_weight_gradient_by_samples": lambda X, dZ: [
        # L = Σ dZ ⊙ (X Wᵀ) has dL/dZ = dZ, and dL/dW = dZᵀ X whatever W is.
        (lambda v: np.sum(dZ * (X @ v.T)), np.zeros((dZ.shape[1], X.shape[1])), dZ.T @ X)
    ],
    "check_augmented_gradient": _pairs_augmented,
    "check_mse_grad": _pairs_mse_grad,
    "check_W1_gradient": _pairs_three,
}


@pytest.mark.parametrize("name", sorted(FINITE_DIFFERENCES))
def test_independent_gradients_match_finite_differences(name):
    """On every case of the checker, the independent solutions are right (not only equal to it)."""
    for case in getattr(exercises, name).spec.cases:
        for f, x0, analytic in FINITE_DIFFERENCES[name](*case.args.values()):
            np.testing.assert_allclose(analytic, _central_differences(f, x0), rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_minibatch_epoch_reference_agrees_with_linear_regression_steps(seed):
    """One epoch of the checker's reference against LinearRegression's gradients, b held at 0."""
    from course_lib.models import LinearRegression

    rng = np.random.default_rng(seed)
    X, y, w0 = rng.normal(size=(11, 3)), rng.normal(size=11), rng.normal(size=3)
    order, batch_size, lr = rng.permutation(11), 4, 0.05
    model = LinearRegression(3, seed=seed)
    w, b = model.parameters()
    w[...], b[...] = w0, 0.0
    for first in range(0, 11, batch_size):
        rows = order[first : first + batch_size]
        model.loss(X[rows], y[rows])
        model.backward()
        w -= lr * model.gradients()[0]
    expected = _ref("check_minibatch_epoch")(X, y, w0, lr, batch_size, order)
    np.testing.assert_allclose(expected, w, rtol=1e-12)


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_landscape_references_agree_with_optim_and_wells(seed):
    from course_lib.landscapes import valleys_2d
    from course_lib.optim import Momentum, gradient_descent

    rng = np.random.default_rng(seed)
    wells = valleys_2d()
    w0 = rng.uniform(-3, 3, size=2)
    w = w0.copy()
    momentum, path = Momentum(0.05, beta=0.8), [w0.copy()]
    for _ in range(8):
        momentum.step([w], [wells.grad(w)])
        path.append(w.copy())
    np.testing.assert_allclose(
        _ref("check_momentum_descent")(wells.grad, w0, 0.05, 0.8, 8), np.array(path), rtol=1e-13
    )
    minima = rng.normal(size=(3, 2))
    end = gradient_descent(wells.grad, w0, 0.1, 50)[-1]
    assert _ref("check_ends_in")(wells.grad, w0, 0.1, 50, minima) == int(
        np.argmin(np.linalg.norm(minima - end, axis=1))
    )
    A = rng.normal(size=(3, 3))
    for H in (A @ A.T + 0.1 * np.eye(3), -(A @ A.T) - 0.1 * np.eye(3), (A + A.T) / 2):
        curvatures = np.linalg.eigvalsh(wells.hessian(w0) if H.shape == (2, 2) else H)
        expected = (
            "minimum" if curvatures.min() > 0 else "maximum" if curvatures.max() < 0 else "saddle"
        )
        assert _ref("check_critical_point")(H) == expected
