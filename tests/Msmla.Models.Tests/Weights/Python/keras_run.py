"""Command-line driver of keras_models for the C# tests.

random MODEL H5 X Y SEED TF_KERAS CLASSES [shuffle]: draws random weights, writes them as a Keras save_weights file
    (layer_names shuffled when asked, with weightless layers mixed in) and the reference output for X.
file MODEL H5 X Y: reads the weights from a Keras file and writes the reference output for X.
X is a float32 .npy in NCHW (as Msmla takes it); Y is written as float32 .npy."""
import sys

import numpy as np

import keras_layout
import keras_models

mode, model, h5, x_path, y_path = sys.argv[1:6]
x = np.load(x_path).astype(np.float64).transpose(0, 2, 3, 1)
if mode == "random":
    seed, tf_keras, classes = int(sys.argv[6]), sys.argv[7] == "1", int(sys.argv[8])
    shuffle = len(sys.argv) > 9 and sys.argv[9] == "shuffle"
    src = keras_models.RandomWeights(seed, tf_keras)
    y = keras_models.MODELS[model](src, x, classes=classes)
    layers = [("input_1", [])] + src.layers + [("activation_1", []), ("global_average_pooling2d_1", [])]
    if shuffle:
        order = np.random.default_rng(seed + 1).permutation(len(layers))
        layers = [layers[i] for i in order]
    keras_layout.write(h5, layers, keras_version="2.3.0-tf" if tf_keras else "2.1.5")
else:
    src = keras_models.FileWeights(h5)
    y = keras_models.MODELS[model](src, x)
    unused = {name for name, w in src.weights.items() if w} - src.used
    assert not unused, f"layers with weights the reference did not use: {sorted(unused)}"
np.save(y_path, y.astype(np.float32))
print(y.shape[0], y.shape[1])
