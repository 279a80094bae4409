using System.Globalization;
using System.Linq;
using Msmla.Core.Lcz;

namespace Msmla.Core.Metrics
{
    /// <summary>The short class labels used by the reports: LCZ codes for 17 classes, otherwise 0-based indices.</summary>
    internal static class ClassCodes
    {
        /// <summary>The code of every class of a matrix with <paramref name="classCount"/> classes.</summary>
        public static string[] For(int classCount) =>
            classCount == LczClasses.Count
                ? LczClasses.Codes.ToArray()
                : Enumerable.Range(0, classCount).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
    }
}
