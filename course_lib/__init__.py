"""course_lib: the code behind "How Neural Networks Learn".

Modules, one idea each:

* ``activations``: sigmoid, relu, tanh, softmax and their derivatives
* ``losses``: mean squared error and cross-entropies, with their gradients
* ``kernels``: the unchecked arithmetic behind both, where each formula lives once
* ``layers``: Dense, ReLU, Sigmoid, Tanh, SoftmaxCrossEntropy (forward/backward)
* ``models``: MLP, Neuron, LinearRegression, ThreeNeuronNet: one model protocol
* ``optim``: the update rule (SGD) and a plain gradient-descent loop
* ``gradcheck``: finite differences and relative errors
* ``data``: the seeds' toy data and seeded generated data sets
* ``plots``: the colour-blind-safe palette and plot style
* ``widgets``: static (no kernel) and live (ipywidgets) sliders
* ``exercises``: checkers that grade your functions and name the mistake
* ``source``: show course_lib's own code on a page

Conventions: a batch has one sample per row, X: (n_samples, n_features);
a dense layer's W has shape (n_out, n_in), so Z = X Wᵀ + b.
"""

__version__ = "0.1.0"
