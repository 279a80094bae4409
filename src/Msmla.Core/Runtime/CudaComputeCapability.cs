using System;
using System.Runtime.InteropServices;

namespace Msmla.Core.Runtime
{
    /// <summary>
    /// The compute capability of a CUDA device, read from the NVIDIA driver (<c>libcuda.so.1</c> / <c>nvcuda.dll</c>)
    /// because TorchSharp 0.107 has no call for it. Null when there is no driver or no such device.
    /// </summary>
    internal static class CudaComputeCapability
    {
        private const int ComputeCapabilityMajor = 75; // CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR
        private const int ComputeCapabilityMinor = 76; // CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR

        [UnmanagedFunctionPointer(CallingConvention.Winapi)] private delegate int CuInit(uint flags);
        [UnmanagedFunctionPointer(CallingConvention.Winapi)] private delegate int CuDeviceGet(out int device, int ordinal);
        [UnmanagedFunctionPointer(CallingConvention.Winapi)] private delegate int CuDeviceGetAttribute(out int value, int attribute, int device);

        /// <summary>(major, minor) of device <paramref name="ordinal"/>, or null when the driver or the device is absent.</summary>
        public static (int Major, int Minor)? Of(int ordinal)
        {
            string library = OperatingSystem.IsWindows() ? "nvcuda.dll" : "libcuda.so.1";
            if (!NativeLibrary.TryLoad(library, out IntPtr handle)) return null;
            try
            {
                if (!NativeLibrary.TryGetExport(handle, "cuInit", out IntPtr init)
                    || !NativeLibrary.TryGetExport(handle, "cuDeviceGet", out IntPtr get)
                    || !NativeLibrary.TryGetExport(handle, "cuDeviceGetAttribute", out IntPtr attribute))
                    return null;
                if (Marshal.GetDelegateForFunctionPointer<CuInit>(init)(0) != 0) return null;
                if (Marshal.GetDelegateForFunctionPointer<CuDeviceGet>(get)(out int device, ordinal) != 0) return null;
                var read = Marshal.GetDelegateForFunctionPointer<CuDeviceGetAttribute>(attribute);
                if (read(out int major, ComputeCapabilityMajor, device) != 0 || read(out int minor, ComputeCapabilityMinor, device) != 0) return null;
                return (major, minor);
            }
            finally
            {
                NativeLibrary.Free(handle);
            }
        }

        /// <summary>True when device <paramref name="ordinal"/> computes bfloat16 natively (compute capability 8.0, Ampere, or later).</summary>
        public static bool SupportsBFloat16(int ordinal) => Of(ordinal) is { Major: >= 8 };
    }
}
