using System;
using System.Numerics;
using System.Runtime.InteropServices;
using PureHDF;

namespace Msmla.Data.Hdf5
{
    /// <summary>Maps HDF5 element types to <see cref="StorageType"/> and converts raw values.</summary>
    internal static class StorageTypes
    {
        /// <summary>The storage type of a dataset's elements, or null when it is not a plain number.</summary>
        public static StorageType? From(IH5DataType type)
        {
            switch (type.Class)
            {
                case H5DataTypeClass.FloatingPoint:
                    return type.Size switch { 4 => StorageType.Float32, 8 => StorageType.Float64, _ => null };
                case H5DataTypeClass.FixedPoint:
                    bool signed = type.FixedPoint.IsSigned;
                    return type.Size switch
                    {
                        1 => signed ? StorageType.Int8 : StorageType.UInt8,
                        2 => signed ? StorageType.Int16 : StorageType.UInt16,
                        4 => signed ? StorageType.Int32 : StorageType.UInt32,
                        8 => signed ? StorageType.Int64 : StorageType.UInt64,
                        _ => null,
                    };
                default:
                    return null;
            }
        }

        /// <summary>A readable description of an HDF5 type, for messages.</summary>
        public static string Describe(IH5DataType type) =>
            From(type) is StorageType known ? Name(known) : $"{type.Class} of {type.Size} bytes";

        /// <summary>The numpy-style name of a storage type.</summary>
        public static string Name(StorageType type) => type switch
        {
            StorageType.Float32 => "float32",
            StorageType.Float64 => "float64",
            StorageType.Int8 => "int8",
            StorageType.UInt8 => "uint8",
            StorageType.Int16 => "int16",
            StorageType.UInt16 => "uint16",
            StorageType.Int32 => "int32",
            StorageType.UInt32 => "uint32",
            StorageType.Int64 => "int64",
            _ => "uint64",
        };

        /// <summary>Bytes per element.</summary>
        public static int Size(StorageType type) => type switch
        {
            StorageType.Int8 or StorageType.UInt8 => 1,
            StorageType.Int16 or StorageType.UInt16 => 2,
            StorageType.Float32 or StorageType.Int32 or StorageType.UInt32 => 4,
            _ => 8,
        };

        /// <summary>Converts raw native-endian elements to doubles.</summary>
        public static void ToDouble(StorageType type, ReadOnlySpan<byte> raw, Span<double> destination)
        {
            switch (type)
            {
                case StorageType.Float64: MemoryMarshal.Cast<byte, double>(raw).CopyTo(destination); break;
                case StorageType.Float32: Widen(MemoryMarshal.Cast<byte, float>(raw), destination); break;
                case StorageType.Int8: Widen(MemoryMarshal.Cast<byte, sbyte>(raw), destination); break;
                case StorageType.UInt8: Widen(raw, destination); break;
                case StorageType.Int16: Widen(MemoryMarshal.Cast<byte, short>(raw), destination); break;
                case StorageType.UInt16: Widen(MemoryMarshal.Cast<byte, ushort>(raw), destination); break;
                case StorageType.Int32: Widen(MemoryMarshal.Cast<byte, int>(raw), destination); break;
                case StorageType.UInt32: Widen(MemoryMarshal.Cast<byte, uint>(raw), destination); break;
                case StorageType.Int64: Widen(MemoryMarshal.Cast<byte, long>(raw), destination); break;
                default: Widen(MemoryMarshal.Cast<byte, ulong>(raw), destination); break;
            }
        }

        private static void Widen<T>(ReadOnlySpan<T> source, Span<double> destination) where T : struct, INumberBase<T>
        {
            for (int i = 0; i < source.Length; i++) destination[i] = double.CreateTruncating(source[i]);
        }
    }
}
