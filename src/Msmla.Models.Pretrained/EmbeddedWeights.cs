using System;
using System.IO;

namespace Msmla.Models.Pretrained
{
    /// <summary>The weight files and licences embedded in this assembly.</summary>
    internal static class EmbeddedWeights
    {
        /// <summary>Whether the assembly carries the resource.</summary>
        public static bool Exists(string resourceName) =>
            typeof(EmbeddedWeights).Assembly.GetManifestResourceInfo(resourceName) != null;

        /// <summary>A text resource.</summary>
        public static string ReadText(string resourceName)
        {
            using Stream stream = Open(resourceName, resourceName);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }

        /// <summary>
        /// Writes the resource to a new file in the temporary directory (the HDF5 readers work on files), runs
        /// <paramref name="use"/> on it and deletes it, also when anything fails.
        /// </summary>
        /// <exception cref="InvalidOperationException">The assembly does not carry the resource.</exception>
        public static void WithFile(string resourceName, string id, Action<string> use)
        {
            string path = Path.Combine(Path.GetTempPath(), $"msmla-{id}-{Guid.NewGuid():N}.h5");
            try
            {
                using (Stream source = Open(resourceName, id))
                using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                    source.CopyTo(target);
                use(path);
            }
            finally
            {
                File.Delete(path);
            }
        }

        private static Stream Open(string resourceName, string id) =>
            typeof(EmbeddedWeights).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException(
                $"This build of Msmla.Models.Pretrained carries no weights for '{id}' (resource {resourceName}): it was built without the " +
                "weight file (MsmlaPretrainedAssets). The published package always carries them; when building from source, put the file " +
                "in ../shared/assets beside the repository or pass -p:MsmlaPretrainedAssets=<directory>.");
    }
}
