using System.Collections.Generic;

namespace Msmla.Data.Hdf5
{
    /// <summary>An attribute of an HDF5 group or dataset, with its values when they are numbers or strings.</summary>
    /// <param name="Name">The attribute's name.</param>
    /// <param name="Shape">Its dimensions (empty for a scalar).</param>
    /// <param name="ElementType">The element type, for example <c>float64</c>, <c>int32</c>, <c>string</c>.</param>
    /// <param name="Text">The values when they are strings (a scalar gives one), else null.</param>
    /// <param name="Numbers">The values when they are numbers, as doubles, else null.</param>
    internal sealed record Hdf5Attribute(string Name, IReadOnlyList<ulong> Shape, string ElementType, IReadOnlyList<string>? Text, IReadOnlyList<double>? Numbers);
}
