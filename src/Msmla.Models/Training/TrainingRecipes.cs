using System;
using Msmla.Core.Preprocessing;
using System.Collections.Generic;
using System.Linq;

namespace Msmla.Models.Training
{
    /// <summary>The training recipes of the published LCZ networks, and a TorchGeo-like modern one.</summary>
    /// <remarks>
    /// Each call returns new options, with <see cref="TrainerOptions.Device"/> Auto and checkpoints in
    /// <c>checkpoints/&lt;recipe name&gt;</c> under the current directory (change them with <see cref="TrainingRecipe.WithTrainer"/>).
    /// The BatchNorm momentum is a model option (<see cref="LczModelOptions.BatchNormMomentum"/>, Keras' 0.99 by default, as
    /// the recipes assume): with Keras' momentum 0.99 the running statistics need on the order of hundreds of updates to
    /// settle, so very short runs (a few hundred steps, like <c>msmla demo</c>) evaluate poorly in eval mode; use 0.9 there
    /// (the demo does).
    /// </remarks>
    public static class TrainingRecipes
    {
        /// <summary>
        /// MSMLA as described in the paper (Kim, Jeong &amp; Kim 2021): Adam (Keras: epsilon 1e-7), learning rate 0.002 with
        /// Keras' per-iteration decay 0.004 (lr / (1 + 0.004 t)), cross-entropy, batch 32, up to 100 epochs, early stopping
        /// after 15 epochs without improvement of the validation loss; no augmentation, no class weights. The best
        /// checkpoint follows the validation loss.
        /// </summary>
        public static TrainingRecipe MsmlaAsDescribed() => new(
            "msmla-as-described",
            "MSMLA as described in the paper: Adam lr 0.002, Keras decay 0.004 per iteration, cross-entropy, batch 32, " +
            "up to 100 epochs, early stopping after 15 epochs without validation-loss improvement.",
            new TrainerOptions
            {
                Epochs = 100,
                BatchSize = 32,
                Optimizer = OptimizerOptions.KerasAdam(0.002),
                Schedule = LearningRateScheduleOptions.KerasInverseTimeDecay(0.004),
                EarlyStopping = new EarlyStoppingOptions { Monitor = TrainingMonitor.ValidationLoss, Patience = 15 },
                Checkpoint = Checkpoints("msmla-as-described", TrainingMonitor.ValidationLoss),
            });

        /// <summary>
        /// MSMLA as in the released training script: Nadam (Keras: learning rate 0.002, epsilon 1e-7, schedule decay 0.004),
        /// step decay, random flips and +-90 degree rotations of the training patches, balanced class weights (Keras
        /// <c>class_weight</c> semantics), best checkpoint on validation accuracy; batch 32, up to 100 epochs, early stopping
        /// after 15 epochs without validation-loss improvement (the paper's setting).
        /// </summary>
        /// <remarks>
        /// Assumption: the released script's exact step-decay schedule is not known to us. This recipe halves the learning
        /// rate every 5 epochs, the schedule released with Sen2LCZ-Net (on which the MSMLA scripts build). Change
        /// <see cref="StepDecaySchedule.StepEpochs"/> and <see cref="StepDecaySchedule.Factor"/> when the
        /// exact schedule is known.
        /// </remarks>
        public static TrainingRecipe MsmlaAsReleased() => new(
            "msmla-as-released",
            "MSMLA as in the released script: Nadam lr 0.002, step decay (ASSUMED: halve every 5 epochs), flips and +-90 " +
            "degree rotations, balanced class weights, best checkpoint on validation accuracy, batch 32, up to 100 epochs, " +
            "early stopping 15 on validation loss.",
            new TrainerOptions
            {
                Epochs = 100,
                BatchSize = 32,
                Optimizer = OptimizerOptions.KerasNadam(0.002),
                Schedule = LearningRateScheduleOptions.StepDecay(0.5, 5),
                Loss = new LossOptions { BalancedClassWeights = true, WeightReduction = ClassWeightReduction.KerasSampleWeights },
                EarlyStopping = new EarlyStoppingOptions { Monitor = TrainingMonitor.ValidationLoss, Patience = 15 },
                Checkpoint = Checkpoints("msmla-as-released", TrainingMonitor.ValidationAccuracy),
            },
            Augmentation: AugmentationOptions.MsmlaRecipe);

        /// <summary>
        /// Sen2LCZ-Net and Sen2LCZ-Net-MF as released (Qiu et al. 2020): Nadam (Keras), learning rate 0.002 halved every 5
        /// epochs, batch 32, up to 100 epochs, early stopping after 40 epochs without validation-loss improvement. The
        /// loss follows the model's output (cross-entropy on the averaged probabilities for the MF model).
        /// </summary>
        public static TrainingRecipe Sen2LczNet() => new(
            "sen2lcz-net",
            "Sen2LCZ-Net as released: Nadam lr 0.002 halved every 5 epochs, batch 32, up to 100 epochs, early stopping 40 on validation loss.",
            new TrainerOptions
            {
                Epochs = 100,
                BatchSize = 32,
                Optimizer = OptimizerOptions.KerasNadam(0.002),
                Schedule = LearningRateScheduleOptions.StepDecay(0.5, 5),
                EarlyStopping = new EarlyStoppingOptions { Monitor = TrainingMonitor.ValidationLoss, Patience = 40 },
                Checkpoint = Checkpoints("sen2lcz-net", TrainingMonitor.ValidationLoss),
            });

        /// <summary>
        /// TorchGeo-like training: AdamW (learning rate 1e-3, weight decay 0.01, epsilon 1e-8), reduce-on-plateau (factor
        /// 0.1 after 10 epochs without validation-loss improvement, as TorchGeo's classification task), early stopping
        /// after 20 epochs, batch 32, up to 100 epochs.
        /// </summary>
        public static TrainingRecipe AdamWPlateau() => new(
            "adamw-plateau",
            "TorchGeo-like: AdamW lr 1e-3 weight decay 0.01, reduce-on-plateau x0.1 after 10 epochs, early stopping 20, batch 32, up to 100 epochs.",
            new TrainerOptions
            {
                Epochs = 100,
                BatchSize = 32,
                Optimizer = OptimizerOptions.AdamW(1e-3, 0.01),
                Schedule = LearningRateScheduleOptions.ReduceOnPlateau(factor: 0.1, patience: 10),
                EarlyStopping = new EarlyStoppingOptions { Monitor = TrainingMonitor.ValidationLoss, Patience = 20 },
                Checkpoint = Checkpoints("adamw-plateau", TrainingMonitor.ValidationLoss),
            });

        private static CheckpointOptions Checkpoints(string name, TrainingMonitor best) =>
            new() { Directory = System.IO.Path.Combine("checkpoints", name), BestMonitor = best };

        /// <summary>Every recipe, in the order above.</summary>
        public static IReadOnlyList<TrainingRecipe> All =>
            new[] { MsmlaAsDescribed(), MsmlaAsReleased(), Sen2LczNet(), AdamWPlateau() };

        /// <summary>The recipe called <paramref name="name"/> (case-insensitive).</summary>
        /// <exception cref="ArgumentException">No recipe has that name; the message lists them.</exception>
        public static TrainingRecipe Get(string name)
        {
            ArgumentNullException.ThrowIfNull(name);
            return All.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException($"No training recipe is called '{name}'; known: {string.Join(", ", All.Select(r => r.Name))}.", nameof(name));
        }

        /// <summary>The authors' recipe of an architecture: MSMLA as described, Sen2LCZ-Net's, and the AdamW recipe for the others.</summary>
        public static TrainingRecipe For(LczArchitecture architecture) => architecture switch
        {
            LczArchitecture.Msmla18 or LczArchitecture.Msmla50 => MsmlaAsDescribed(),
            LczArchitecture.Sen2LczNet or LczArchitecture.Sen2LczNetMf => Sen2LczNet(),
            LczArchitecture.RosentreterCnn or LczArchitecture.LczNet => AdamWPlateau(),
            _ => throw new ArgumentOutOfRangeException(nameof(architecture), architecture, "Unknown LCZ architecture."),
        };
    }
}
