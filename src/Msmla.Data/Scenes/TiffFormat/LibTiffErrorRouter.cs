using BitMiracle.LibTiff.Classic;

namespace Msmla.Data.Scenes.TiffFormat
{
    /// <summary>
    /// LibTiff.NET's error handler is process-wide (the published package is not its thread-safe build)
    /// and its default writes to the console. This handler, installed once, sends every message about a
    /// file the scene reader opened to that file's <see cref="LibTiffSession"/> (found from the client
    /// data, the Tiff's client data or the thread's current session) and passes any other message to the
    /// handler that was installed before, so other users of LibTiff.NET in the process keep their behaviour.
    /// </summary>
    internal sealed class LibTiffErrorRouter : TiffErrorHandler
    {
        private static readonly object s_lock = new();
        private static bool s_installed;
        private TiffErrorHandler _previous = new();

        public static void EnsureInstalled()
        {
            lock (s_lock)
            {
                if (s_installed) return;
                var router = new LibTiffErrorRouter();
                router._previous = Tiff.SetErrorHandler(router) ?? new TiffErrorHandler();
                s_installed = true;
            }
        }

        public override void ErrorHandler(Tiff tif, string method, string format, params object[] args)
        {
            if (Find(tif, null) == null) _previous.ErrorHandler(tif, method, format, args);
        }

        public override void ErrorHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args)
        {
            LibTiffSession? session = Find(tif, clientData);
            if (session != null) session.Error(method, format, args);
            else _previous.ErrorHandlerExt(tif, clientData, method, format, args);
        }

        public override void WarningHandler(Tiff tif, string method, string format, params object[] args)
        {
            if (Find(tif, null) == null) _previous.WarningHandler(tif, method, format, args);
        }

        public override void WarningHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args)
        {
            LibTiffSession? session = Find(tif, clientData);
            if (session != null) session.Warning(method, format, args);
            else _previous.WarningHandlerExt(tif, clientData, method, format, args);
        }

        private static LibTiffSession? Find(Tiff? tif, object? clientData) =>
            clientData as LibTiffSession ?? tif?.Clientdata() as LibTiffSession ?? LibTiffSession.Current;
    }
}
