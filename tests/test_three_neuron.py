"""ThreeNeuronNet: element-wise and matrix gradients agree, and with finite differences."""

import numpy as np
import pytest
from conftest import matches_finite_differences, seeds
from hypothesis import given
from hypothesis import strategies as st

from course_lib.gradcheck import gradient_report
from course_lib.models import ThreeNeuronNet
from course_lib.optim import SGD


def _grads(net, x, y):
    """The matrix-form gradients of the protocol: loss, backward, then gradients(), by name."""
    net.loss(x, y)
    net.backward()
    return {
        f"d{name}": grad for name, grad in zip(net.parameter_names(), net.gradients(), strict=True)
    }


@given(seed=seeds, y=st.floats(-3, 3))
def test_elementwise_matrix_and_finite_differences_agree(seed, y):
    rng = np.random.default_rng(seed)
    net = ThreeNeuronNet(seed=rng, scale=1.0)
    x = rng.normal(size=4) * 2
    matrix, elementwise = _grads(net, x, y), net.gradients_elementwise(x, y)
    assert sorted(matrix) == sorted(elementwise) == ["dW1", "dW2", "db1", "db2"]
    for name, param in zip(net.parameter_names(), net.parameters(), strict=True):
        assert matrix["d" + name].shape == param.shape
        np.testing.assert_allclose(
            matrix["d" + name], elementwise["d" + name], rtol=1e-12, atol=1e-15
        )
        assert matches_finite_differences(matrix["d" + name], lambda _: net.loss(x, y), param)


def test_shapes_and_notation():
    net = ThreeNeuronNet(seed=0)
    assert [p.shape for p in net.parameters()] == [(3, 4), (3,), (1, 3), (1,)]
    x = np.array([1.0, 0.0, 0.0, 0.0])
    # w_21 (W1[1, 0]) flows only through hidden neuron 2: only row 1 of dW1 column 0 ...
    grads = _grads(net, x, 2.0)
    assert np.count_nonzero(grads["dW1"][:, 1:]) == 0  # inputs 2-4 are 0: their weights get 0
    net.W2[0, 1] = 0.0  # ... and cutting neuron 2's output weight zeroes w_2j's gradients
    assert np.all(_grads(net, x, 2.0)["dW1"][1] == 0)


def test_one_update_lowers_the_loss():
    net, x, y = ThreeNeuronNet(seed=1), np.array([0.5, -1.0, 2.0, 0.1]), 1.5
    before = net.loss(x, y)
    net.backward()
    SGD(0.05).step(net.parameters(), net.gradients())
    assert net.loss(x, y) < before


def test_bad_input():
    net = ThreeNeuronNet()
    with pytest.raises(
        ValueError, match=r"x must be one sample with 4 inputs, shape \(4,\); got shape \(3,\)"
    ):
        net.forward(np.ones(3))
    with pytest.raises(ValueError, match=r"x must be an array of shape \(4,\); got a 2-D array"):
        net.loss(np.ones((2, 4)), 1.0)
    with pytest.raises(ValueError, match="y must be a finite number"):
        net.loss(np.ones(4), float("nan"))


def test_the_exercise_references_agree_with_the_model():
    from course_lib.exercises import three_neurons

    for case in three_neurons._CASES:
        net = ThreeNeuronNet()
        net.W1[:], net.b1[:], net.W2[:], net.b2[:] = case["W1"], case["b1"], case["W2"], case["b2"]
        grads = _grads(net, case["x"], case["y"])
        assert three_neurons._dL_dw23(**case) == pytest.approx(grads["dW1"][1, 2])
        np.testing.assert_allclose(three_neurons._dL_dW1(**case), grads["dW1"])
        dW2, db2 = three_neurons._output_gradients(**case)
        np.testing.assert_allclose(dW2, grads["dW2"])
        np.testing.assert_allclose(db2, grads["db2"])


def test_it_follows_the_model_protocol():
    net, x, y = ThreeNeuronNet(seed=3), np.array([0.5, -1.0, 2.0, 0.1]), 1.5
    report = gradient_report(net, x, y)
    assert report.passed and [row.name for row in report.rows] == ["W1", "b1", "W2", "b2"]
    with pytest.raises(RuntimeError, match=r"call loss\(x, y\) first"):
        ThreeNeuronNet().backward()
    net.loss(x, y)
    net.forward(-x)  # forward does not disturb what backward differentiates
    net.backward()
    np.testing.assert_allclose(net.dW1, _grads(ThreeNeuronNet(seed=3), x, y)["dW1"], rtol=0, atol=0)


def test_it_keeps_a_copy_of_x():
    net, x, y = ThreeNeuronNet(seed=3), np.array([0.5, -1.0, 2.0, 0.1]), 1.5
    want = _grads(ThreeNeuronNet(seed=3), x, y)["dW1"]
    net.loss(x, y)
    x *= 2
    net.backward()
    np.testing.assert_array_equal(net.dW1, want)
