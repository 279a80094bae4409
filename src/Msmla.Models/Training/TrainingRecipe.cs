using System;
using System.Text.Json;

namespace Msmla.Models.Training
{
    /// <summary>
    /// A published training recipe: the trainer options plus the data-side settings, which the trainer does not apply
    /// itself (Msmla.Models does not reference Msmla.Data). Apply them with Msmla.Data's augmentation before passing the
    /// training source to <see cref="LczTrainer.Fit"/>:
    /// <code>
    /// IPatchSource training = reader.Normalize(normalization);
    /// if (recipe.Augments)
    ///     training = training.Augment(new AugmentationOptions
    ///     {
    ///         HorizontalFlip = recipe.Flips, VerticalFlip = recipe.Flips,
    ///         MaxRotationDegrees = recipe.MaxRotationDegrees, Border = BorderMode.Nearest, // Keras' fill
    ///     }, recipe.Trainer.Seed);
    /// </code>
    /// (for the released MSMLA recipe this is Msmla.Data's <c>AugmentationOptions.MsmlaRecipe</c>). Balanced class weights
    /// are a trainer option (<see cref="LossOptions.BalancedClassWeights"/>). Round-trips through System.Text.Json
    /// (<see cref="ToJson"/> / <see cref="FromJson"/>, which refuses unknown properties).
    /// </summary>
    /// <param name="Name">A short name, for example <c>msmla-as-described</c>.</param>
    /// <param name="Description">Where the recipe comes from and what is assumed.</param>
    /// <param name="Trainer">The trainer options (class weights included, see <see cref="LossOptions.BalancedClassWeights"/>).</param>
    /// <param name="Flips">To apply with Msmla.Data's augmentation: random horizontal and vertical flips of training patches.</param>
    /// <param name="MaxRotationDegrees">
    /// To apply with Msmla.Data's augmentation: random rotation of training patches by an angle drawn from
    /// [-max, +max] degrees (90 for the released MSMLA script's "+-90 degree rotation", Keras' <c>rotation_range=90</c>); 0 = none.
    /// </param>
    public sealed record TrainingRecipe(string Name, string Description, TrainerOptions Trainer, bool Flips = false, double MaxRotationDegrees = 0)
    {
        /// <summary>Whether the recipe augments the training data.</summary>
        public bool Augments => Flips || MaxRotationDegrees > 0;

        /// <summary>The recipe as indented JSON (enums as strings), in the settings of <see cref="TrainerOptions.ToJson"/>.</summary>
        public string ToJson() => JsonSerializer.Serialize(this, TrainingJson.Options);

        /// <summary>
        /// Reads a recipe written by <see cref="ToJson"/> (or by hand). Unknown properties are refused, like
        /// <see cref="TrainerOptions.FromJson"/> does, so a misspelt setting is an error naming it.
        /// </summary>
        /// <exception cref="JsonException">The text is not valid recipe JSON; the message names the unknown or malformed property.</exception>
        public static TrainingRecipe FromJson(string json)
        {
            ArgumentNullException.ThrowIfNull(json);
            return JsonSerializer.Deserialize<TrainingRecipe>(json, TrainingJson.Options)
                ?? throw new JsonException("The JSON text holds null instead of a training recipe.");
        }

        /// <summary>A copy whose trainer options are changed by <paramref name="change"/> (for example a checkpoint directory or fewer epochs).</summary>
        public TrainingRecipe WithTrainer(Func<TrainerOptions, TrainerOptions> change)
        {
            ArgumentNullException.ThrowIfNull(change);
            return this with { Trainer = change(Trainer) };
        }
    }
}
