"""Writes HDF5 files in the layout of Keras' model.save_weights (Keras 2.x, h5py), independently of Msmla:
root attributes layer_names (fixed-length byte strings), keras_version, backend; one group per layer with a
weight_names attribute (an empty float array for layers without weights, as Keras stores []), and datasets
<layer>/<layer>/<role>:0 inside it."""
import h5py
import numpy as np


def write(path, layers, keras_version="2.1.5", backend="tensorflow", root_group=None, chunk_names=False):
    """layers: list of (layer_name, [(role, numpy array), ...]) in layer_names order; roles like 'kernel', 'bias'."""
    with h5py.File(path, "w") as f:
        root = f.create_group(root_group) if root_group else f
        names = [name.encode("utf8") for name, _ in layers]
        if chunk_names:
            half = (len(names) + 1) // 2
            root.attrs["layer_names0"] = np.array(names[:half])
            root.attrs["layer_names1"] = np.array(names[half:])
        else:
            root.attrs["layer_names"] = np.array(names)
        root.attrs["backend"] = backend.encode("utf8")
        root.attrs["keras_version"] = keras_version.encode("utf8")
        for name, weights in layers:
            g = root.create_group(name)
            weight_names = [f"{name}/{role}:0".encode("utf8") for role, _ in weights]
            g.attrs["weight_names"] = np.array(weight_names) if weight_names else np.array([])
            for (role, array), wn in zip(weights, weight_names):
                g.create_dataset(wn.decode("utf8"), data=array)
