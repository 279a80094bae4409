using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Msmla.Data.Scenes.TiffFormat
{
    /// <summary>
    /// One file's conversation with LibTiff.NET: passed to it as client data, it receives the file's
    /// errors (kept, so the caller can throw them as <see cref="SceneDataException"/>) and warnings (logged).
    /// While a session is active on a thread, messages LibTiff.NET sends without client data also come here.
    /// </summary>
    internal sealed class LibTiffSession
    {
        [ThreadStatic]
        private static LibTiffSession? t_current;

        private static readonly Regex s_unknownTag = new(@"unknown field with tag (\d+)", RegexOptions.CultureInvariant);
        private readonly List<string> _errors = new();
        private readonly ILogger _logger;

        public LibTiffSession(string path, ILogger logger)
        {
            Path = path;
            _logger = logger;
            LibTiffErrorRouter.EnsureInstalled();
        }

        public string Path { get; }

        /// <summary>
        /// Whether the file's tags are in ascending order (checked by the preflight). LibTiff.NET warns that
        /// they are not after it registers the GeoTIFF tags it does not know; that warning is then spurious.
        /// </summary>
        public bool TagsAscending { get; init; }

        /// <summary>The session active on this thread, if any.</summary>
        public static LibTiffSession? Current => t_current;

        /// <summary>The errors LibTiff.NET reported, in order.</summary>
        public IReadOnlyList<string> Errors => _errors;

        /// <summary>Makes this session the thread's current one until the returned scope is disposed.</summary>
        public Scope Enter() => new(this);

        public void Error(string? method, string format, object[] args) => _errors.Add(Format(method, format, args));

        public void Warning(string? method, string format, object[] args)
        {
            string message = Format(method, format, args);
            Match unknown = s_unknownTag.Match(message);
            bool expected = unknown.Success && int.TryParse(unknown.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int tag) && TiffTags.IsGeoTiffOrGdal(tag);
            expected |= TagsAscending && message.Contains("not sorted in ascending order", StringComparison.Ordinal);
            if (expected)
                _logger.LogTrace("{File}: LibTiff.NET: {Message}", Path, message);
            else
                _logger.LogWarning("{File}: LibTiff.NET: {Message}", Path, message);
        }

        /// <summary>Throws the first error LibTiff.NET reported, if any.</summary>
        public void ThrowIfFailed(string? item, string context)
        {
            if (_errors.Count > 0)
                throw new SceneDataException(Path, item, $"{context}: {_errors[0]}");
        }

        private static string Format(string? method, string format, object[] args)
        {
            string text;
            try
            {
                text = args == null || args.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, args);
            }
            catch (FormatException)
            {
                text = format;
            }
            return string.IsNullOrEmpty(method) ? text : $"{method}: {text}";
        }

        public readonly struct Scope : IDisposable
        {
            private readonly LibTiffSession? _previous;

            public Scope(LibTiffSession session)
            {
                _previous = t_current;
                t_current = session;
            }

            public void Dispose() => t_current = _previous;
        }
    }
}
