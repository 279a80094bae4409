namespace Msmla.Core.Notebooks
{
    /// <summary>The MIME types of the notebook formatters.</summary>
    internal static class MimeTypes
    {
        /// <summary>An HTML fragment.</summary>
        public const string Html = "text/html";

        /// <summary>A PNG image, written base64-encoded (as notebooks store it).</summary>
        public const string Png = "image/png";
    }
}
