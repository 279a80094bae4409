using System.CommandLine;
using Msmla.Core.Runtime;

namespace Msmla.Cli.Infrastructure
{
    /// <summary>The <c>--device</c> option.</summary>
    internal static class DeviceArgument
    {
        /// <summary>Creates the option (cpu, cuda or auto).</summary>
        public static Option<string> Create(string defaultValue)
        {
            var option = new Option<string>("--device")
            {
                Description = "Where to run: cpu, cuda, or auto (CUDA when available). CUDA needs the CLI built with -p:TorchBackend=cuda.",
                DefaultValueFactory = _ => defaultValue,
                HelpName = "cpu|cuda|auto",
            };
            option.AcceptOnlyFromAmong("cpu", "cuda", "auto");
            return option;
        }

        /// <summary>The device a value names.</summary>
        public static ComputeDevice Parse(string? value) => value switch
        {
            "cuda" => ComputeDevice.Cuda,
            "auto" => ComputeDevice.Auto,
            _ => ComputeDevice.Cpu,
        };
    }
}
