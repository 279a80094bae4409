using System;

namespace Msmla.Hdf5
{
    /// <summary>
    /// Tells PureHDF's refusals of features it does not implement (another byte order, an unregistered filter, a
    /// newer structure version) from damaged bytes, so that messages say "not supported" or "damaged" truthfully.
    /// PureHDF throws plain exceptions, so this looks at their types and wording.
    /// </summary>
    internal static class Hdf5Failure
    {
        /// <summary>Whether <paramref name="error"/> (or an inner exception) is PureHDF refusing an unsupported feature.</summary>
        public static bool IsUnsupported(Exception error)
        {
            for (Exception? e = error; e != null; e = e.InnerException)
            {
                if (e is NotSupportedException or NotImplementedException) return true;
                string m = e.Message;
                if (m.Contains("not supported", StringComparison.OrdinalIgnoreCase) || m.Contains("not (yet) support", StringComparison.OrdinalIgnoreCase)
                    || m.Contains("not yet supported", StringComparison.OrdinalIgnoreCase) || m.Contains("does not yet support", StringComparison.OrdinalIgnoreCase)
                    || m.StartsWith("Unsupported", StringComparison.OrdinalIgnoreCase) || m.Contains("Could not find filter", StringComparison.Ordinal))
                    return true;
            }
            return false;
        }

        /// <summary>
        /// A sentence ending for <paramref name="what"/> (for example "the first value") that failed with <paramref name="error"/>:
        /// "... uses an HDF5 feature that is not supported (...)" or "... cannot be read (...); the file is damaged or truncated".
        /// </summary>
        public static string Explain(string what, Exception error)
        {
            string detail = Innermost(error).Message;
            return IsUnsupported(error)
                ? $"{what} cannot be read: it uses an HDF5 feature that PureHDF, the HDF5 reader used here, does not support ({detail})."
                : $"{what} cannot be read ({detail}); the file is damaged or truncated.";
        }

        private static Exception Innermost(Exception error)
        {
            Exception e = error;
            while (e.InnerException != null && e.Message == "Filter pipeline failed.") e = e.InnerException;
            return e;
        }
    }
}
