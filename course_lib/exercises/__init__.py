"""Exercise checkers: ``check_*(your_function)`` grades it and names the mistake.

Each checker runs your function on several inputs, compares the results
with course_lib's own implementation, and returns a ``Feedback`` that prints
what is wrong (wrong shape, missing 1/n, wrong sign, ...) or a tick.

Every ``check_*`` takes ``time_limit=`` (seconds per call, default
``TIME_LIMIT``) and exposes what it grades against as ``.spec`` (a
``CheckSpec``: the reference, the cases and the catalogue of mistakes).
"""

from .autograd import check_graph_backward, check_shared_gradients, check_tanh_node
from .backprop import (
    check_dense_backward,
    check_neuron_gradients,
    check_sigmoid_backward,
    check_weight_gradient_by_samples,
)
from .batches import check_epoch_loss, check_minibatch_epoch, check_updates_per_epoch
from .beyond import (
    check_least_squares,
    check_linear_regression_gradient,
    check_ridge_gradient,
    check_stable_learning_rate,
)
from .capstone import (
    check_capstone_forward,
    check_capstone_gradients,
    check_capstone_training,
)
from .core import TIME_LIMIT, Case, CheckSpec, Feedback, Mistake, check_function, checker
from .descent import (
    check_descend,
    check_largest_stable_lr,
    check_regime,
    check_steepest_step,
)
from .digits import (
    check_confusion_matrix,
    check_per_class_accuracy,
    check_standardize_test,
    check_stopping_epoch,
    check_weight_decay_step,
)
from .guessing import check_best_guess, check_cosine, check_tweak
from .landscapes import check_critical_point, check_ends_in, check_momentum_descent
from .losses import (
    check_binary_cross_entropy,
    check_mse,
    check_mse_grad,
    check_softmax_cross_entropy,
)
from .mlp import check_augmented_gradient, check_relu_backward, check_update
from .neuron import check_boundary, check_logistic_gradients, check_predict
from .optimizers import (
    check_adam_step,
    check_momentum_effective_lr,
    check_momentum_largest_stable_lr,
    check_momentum_step,
)
from .primer import (
    check_count_parameters,
    check_dense_forward,
    check_sigmoid_grad,
    check_softmax,
)
from .three_neurons import check_hidden_weight_gradient, check_output_gradients, check_W1_gradient
from .vanishing import (
    check_clip_global_norm,
    check_init_std,
    check_layers_until,
    check_slope_product,
)

__all__ = [
    "TIME_LIMIT",
    "Case",
    "CheckSpec",
    "Feedback",
    "Mistake",
    "checker",
    "check_adam_step",
    "check_augmented_gradient",
    "check_best_guess",
    "check_binary_cross_entropy",
    "check_boundary",
    "check_clip_global_norm",
    "check_capstone_forward",
    "check_capstone_gradients",
    "check_capstone_training",
    "check_confusion_matrix",
    "check_cosine",
    "check_critical_point",
    "check_count_parameters",
    "check_dense_backward",
    "check_dense_forward",
    "check_descend",
    "check_epoch_loss",
    "check_ends_in",
    "check_hidden_weight_gradient",
    "check_init_std",
    "check_largest_stable_lr",
    "check_layers_until",
    "check_least_squares",
    "check_linear_regression_gradient",
    "check_logistic_gradients",
    "check_function",
    "check_graph_backward",
    "check_mse",
    "check_neuron_gradients",
    "check_output_gradients",
    "check_per_class_accuracy",
    "check_minibatch_epoch",
    "check_momentum_descent",
    "check_momentum_effective_lr",
    "check_momentum_largest_stable_lr",
    "check_momentum_step",
    "check_mse_grad",
    "check_predict",
    "check_regime",
    "check_relu_backward",
    "check_ridge_gradient",
    "check_shared_gradients",
    "check_sigmoid_backward",
    "check_sigmoid_grad",
    "check_slope_product",
    "check_softmax",
    "check_softmax_cross_entropy",
    "check_stable_learning_rate",
    "check_tanh_node",
    "check_standardize_test",
    "check_steepest_step",
    "check_stopping_epoch",
    "check_tweak",
    "check_update",
    "check_updates_per_epoch",
    "check_W1_gradient",
    "check_weight_decay_step",
    "check_weight_gradient_by_samples",
]
