namespace Msmla.Hdf5
{
    /// <summary>One message of an object header (the HDF5 specification's "header message").</summary>
    /// <param name="Type">The message type (1 dataspace, 2 link info, 3 datatype, 6 link, 7 external files, 8 layout, 11 filters, 17 symbol table, ...).</param>
    /// <param name="Flags">The message flags (bit 1: the message is shared, stored elsewhere).</param>
    /// <param name="Data">The message body.</param>
    internal sealed record Hdf5HeaderMessage(int Type, byte Flags, byte[] Data)
    {
        public const int Dataspace = 0x01;
        public const int LinkInfo = 0x02;
        public const int Datatype = 0x03;
        public const int Link = 0x06;
        public const int ExternalFiles = 0x07;
        public const int Layout = 0x08;
        public const int FilterPipeline = 0x0B;
        public const int Continuation = 0x10;
        public const int SymbolTable = 0x11;

        /// <summary>Whether the body is a reference to a message stored elsewhere (a committed datatype, a shared message).</summary>
        public bool IsShared => (Flags & 0x02) != 0;
    }
}
