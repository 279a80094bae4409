namespace Msmla.Data.Hdf5
{
    /// <summary>The numeric element types the readers accept, as stored in the file.</summary>
    internal enum StorageType
    {
        Float32,
        Float64,
        Int8,
        UInt8,
        Int16,
        UInt16,
        Int32,
        UInt32,
        Int64,
        UInt64,
    }
}
