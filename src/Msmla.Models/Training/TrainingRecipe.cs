using System;
using System.Text.Json;
using Msmla.Core.Preprocessing;

namespace Msmla.Models.Training
{
    /// <summary>
    /// A published training recipe: the trainer options plus the augmentation of the training data, which the trainer
    /// does not apply itself (it trains on whatever source it is given). Apply it with Msmla.Data's <c>Augment</c> before
    /// passing the training source to <see cref="LczTrainer.Fit"/>:
    /// <code>
    /// IPatchSource training = reader.Normalize(normalization);
    /// if (recipe.Augmentation is { } augmentation) training = training.Augment(augmentation, recipe.Trainer.Seed);
    /// </code>
    /// Balanced class weights are a trainer option (<see cref="LossOptions.BalancedClassWeights"/>). Round-trips through
    /// System.Text.Json (<see cref="ToJson"/> / <see cref="FromJson"/>, which refuses unknown properties).
    /// </summary>
    /// <param name="Name">A short name, for example <c>msmla-as-described</c>.</param>
    /// <param name="Description">Where the recipe comes from and what is assumed.</param>
    /// <param name="Trainer">The trainer options (class weights included, see <see cref="LossOptions.BalancedClassWeights"/>).</param>
    /// <param name="Augmentation">The augmentation of the training patches, or null for none (for the released MSMLA script <see cref="AugmentationOptions.MsmlaRecipe"/>).</param>
    public sealed record TrainingRecipe(string Name, string Description, TrainerOptions Trainer, AugmentationOptions? Augmentation = null)
    {
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
