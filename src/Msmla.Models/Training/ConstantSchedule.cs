using System.Text.Json.Serialization;

namespace Msmla.Models.Training
{
    /// <summary>The optimizer's learning rate throughout.</summary>
    public sealed record ConstantSchedule : LearningRateScheduleOptions
    {
        /// <inheritdoc />
        [JsonIgnore]
        public override string Kind => "Constant";

        internal override double LearningRateAt(double baseLearningRate, long step, int epoch, int totalEpochs) => baseLearningRate;

        private protected override void ValidateKind()
        {
        }
    }
}
