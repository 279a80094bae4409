using System;
using System.Collections.Generic;
using System.Linq;
using Msmla.Models.Inference;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Msmla.Models.Training
{
    /// <summary>
    /// Mixed-precision training without autocast (TorchSharp 0.107 has none): a bfloat16 copy of the model runs the
    /// forward and backward passes, its gradients become the float32 master weights' gradients, the optimizer updates
    /// the master weights, and the copy takes them back. BatchNorm layers stay float32 in the copy (libtorch normalises
    /// bfloat16 activations with float32 parameters and statistics, as PyTorch's autocast leaves them), and their running
    /// statistics are handed back to the master model after every step.
    /// </summary>
    internal sealed class BFloat16WorkingCopy : IDisposable
    {
        private readonly LczModel _working;
        private readonly (Parameter Master, Parameter Working)[] _parameters;
        private readonly (Tensor Master, Tensor Working)[] _buffers;

        private BFloat16WorkingCopy(LczModel working, (Parameter, Parameter)[] parameters, (Tensor, Tensor)[] buffers)
        {
            _working = working;
            _parameters = parameters;
            _buffers = buffers;
        }

        /// <summary>Creates the working copy of <paramref name="master"/> (same device and layout) in training mode.</summary>
        public static BFloat16WorkingCopy Create(LczModel master, Device device)
        {
            LczModel working = LczModels.Create(master.Architecture, master.Options);
            try
            {
                InferenceModel.CopyState(master, working);
                if (device.type != DeviceType.CPU) working.to(device);
                working.to(ScalarType.BFloat16);
                foreach (nn.Module module in working.modules())
                {
                    if (module is BatchNorm2d or BatchNorm1d) module.to(ScalarType.Float32);
                }
                if (master.IsChannelsLast) working.UseChannelsLast();
                working.train();
                Dictionary<string, Parameter> workingParameters = working.named_parameters().ToDictionary(p => p.name, p => p.parameter);
                Dictionary<string, Tensor> workingBuffers = working.named_buffers().ToDictionary(b => b.name, b => b.buffer);
                var parameters = master.named_parameters().Select(p => (p.parameter, workingParameters[p.name])).ToArray();
                var buffers = master.named_buffers().Select(b => (b.buffer, workingBuffers[b.name])).ToArray();
                return new BFloat16WorkingCopy(working, parameters, buffers);
            }
            catch
            {
                working.Dispose();
                throw;
            }
        }

        /// <summary>Copies the master model's weights and buffers into the working copy (after the master was changed from outside: resume, callbacks).</summary>
        public void LoadFromMaster()
        {
            using var _ = no_grad();
            foreach ((Parameter master, Parameter working) in _parameters) working.copy_(master);
            foreach ((Tensor master, Tensor working) in _buffers) working.copy_(master);
        }

        /// <summary>The working copy's output for a batch, in float32 (call inside the step's dispose scope).</summary>
        public Tensor Forward(Tensor batch)
        {
            _working.train();
            using Tensor input = batch.to(ScalarType.BFloat16);
            return _working.call(input).to(ScalarType.Float32);
        }

        /// <summary>Clears the working copy's gradients (before the backward pass).</summary>
        public void ZeroGradients() => _working.zero_grad();

        /// <summary>Gives the master weights the working copy's gradients, in float32 (after the backward pass, before clipping and the optimizer).</summary>
        public void GradientsToMaster()
        {
            using var _ = no_grad();
            foreach ((Parameter master, Parameter working) in _parameters)
            {
                using Tensor? gradient = working.grad;
                if (gradient is null)
                {
                    master.grad = null;
                    continue;
                }
                using Tensor? existing = master.grad;
                if (existing is null) master.grad = gradient.to(ScalarType.Float32);
                else existing.copy_(gradient);
            }
        }

        /// <summary>After the optimizer's step: the working copy takes the updated master weights, the master the working copy's BatchNorm statistics.</summary>
        public void AfterStep()
        {
            using var _ = no_grad();
            foreach ((Parameter master, Parameter working) in _parameters) working.copy_(master);
            foreach ((Tensor master, Tensor working) in _buffers) master.copy_(working);
        }

        public void Dispose() => _working.Dispose();
    }
}
