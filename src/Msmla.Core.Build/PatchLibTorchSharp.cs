using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Msmla.Core.TorchSharpWorkarounds.NativeLoad;

namespace Msmla.Core.Build
{
    /// <summary>
    /// Patches copies of TorchSharp's <c>libLibTorchSharp.so</c> in an output directory so they load
    /// on hosts whose libstdc++ lacks <c>GLIBCXX_3.4.32</c>. Files are replaced by rename, never
    /// written through, so NuGet-cache originals (even hard-linked ones) are never modified.
    /// </summary>
    public sealed class PatchLibTorchSharp : Task
    {
        /// <summary>The copies to examine and, where needed, patch.</summary>
        [Required]
        public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

        /// <inheritdoc />
        public override bool Execute()
        {
            string? libstdcxx = HostLibStdCxx.Locate();
            if (libstdcxx == null)
            {
                Log.LogMessage(MessageImportance.Normal, "Msmla: no libstdc++ found on this host; TorchSharp's native library is left as shipped.");
                return true;
            }
            HashSet<string> versions;
            try
            {
                versions = HostLibStdCxx.ReadVersions(libstdcxx);
            }
            catch (ElfFormatException e)
            {
                Log.LogError("Msmla: cannot read the host's libstdc++: {0}", e.Message);
                return false;
            }

            foreach (ITaskItem item in Files)
            {
                string path = item.GetMetadata("FullPath");
                if (!File.Exists(path)) continue;
                try
                {
                    var (outcome, weakened) = NativeLibraryPatcher.Patch(path, path, versions);
                    if (outcome == NativePatchOutcome.Patched)
                    {
                        Log.LogMessage(MessageImportance.Normal, "Msmla: {0}: marked {1} weak because {2} lacks it.", path, string.Join(", ", weakened), libstdcxx);
                    }
                    else
                    {
                        Log.LogMessage(MessageImportance.Low, "Msmla: {0} loads with {1} as shipped.", path, libstdcxx);
                    }
                }
                catch (Exception e) when (e is ElfFormatException || e is NativeCompatibilityException || e is IOException || e is UnauthorizedAccessException)
                {
                    Log.LogError("Msmla: cannot prepare {0} for this host: {1}", path, e.Message);
                }
            }
            return !Log.HasLoggedErrors;
        }
    }
}
