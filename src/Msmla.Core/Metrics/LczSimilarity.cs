using System;
using Msmla.Core.Lcz;

namespace Msmla.Core.Metrics
{
    /// <summary>
    /// The standard 17 x 17 similarity matrix between Local Climate Zones, used by the LCZ weighted
    /// accuracy (WA): scores from 0 (unrelated) to 12 (the same class), rows the true class and columns
    /// the predicted class, both in the standard order LCZ 1-10, A-G (<see cref="LczClasses.All"/>).
    /// </summary>
    /// <remarks>
    /// The weights of WA are the scores divided by <see cref="MaxScore"/>, so a correct prediction
    /// weighs 1 and a confusion between similar classes (for example compact high-rise predicted as
    /// compact mid-rise, score 11) earns partial credit. The matrix is symmetric.
    /// </remarks>
    public static class LczSimilarity
    {
        /// <summary>The score of identical classes, which the scores are divided by to give weights.</summary>
        public const int MaxScore = 12;

        private static readonly byte[,] s_scores =
        {
            { 12, 11, 10,  8,  7,  6,  7,  9,  5,  9,  4,  3,  1,  0,  3,  0,  0 },
            { 11, 12, 11,  7,  8,  7,  8, 10,  5, 10,  5,  4,  3,  1,  4,  1,  1 },
            { 10, 11, 12,  6,  7,  8,  9, 11,  7, 11,  6,  5,  4,  2,  5,  2,  2 },
            {  8,  7,  6, 12, 11, 10,  9,  6,  9,  7,  6,  7,  6,  4,  1,  4,  4 },
            {  7,  8,  7, 11, 12, 11, 10,  8, 10,  8,  7,  8,  6,  5,  2,  5,  5 },
            {  6,  7,  8, 10, 11, 12, 11,  9, 11,  9,  8,  9,  8,  7,  3,  6,  6 },
            {  7,  8,  9,  9, 10, 11, 12,  8, 10,  8,  9,  8,  7,  5,  2,  5,  5 },
            {  9, 10, 11,  6,  8,  9,  8, 12,  9, 11,  5,  6,  5,  3,  6,  4,  4 },
            {  5,  5,  7,  9, 10, 11, 10,  9, 12,  8,  7,  8,  9,  7,  4,  7,  7 },
            {  9, 10, 11,  7,  8,  9,  8, 11,  8, 12,  5,  6,  5,  3,  6,  4,  4 },
            {  4,  5,  6,  6,  7,  8,  9,  5,  7,  5, 12, 11, 10,  8,  5,  8,  8 },
            {  3,  4,  5,  7,  8,  9,  8,  6,  8,  6, 11, 12, 11,  9,  6,  9,  9 },
            {  1,  3,  4,  6,  6,  8,  7,  5,  9,  5, 10, 11, 12, 10,  7, 10, 10 },
            {  0,  1,  2,  4,  5,  7,  5,  3,  7,  3,  8,  9, 10, 12,  9, 11, 11 },
            {  3,  4,  5,  1,  2,  3,  2,  6,  4,  6,  5,  6,  7,  9, 12,  9,  9 },
            {  0,  1,  2,  4,  5,  6,  5,  4,  7,  4,  8,  9, 10, 11,  9, 12, 11 },
            {  0,  1,  2,  4,  5,  6,  5,  4,  7,  4,  8,  9, 10, 11,  9, 11, 12 },
        };

        /// <summary>The similarity score (0-12) of true class <paramref name="truth"/> predicted as <paramref name="predicted"/> (0-based indices).</summary>
        /// <exception cref="ArgumentOutOfRangeException">An index is not 0-16.</exception>
        public static int Score(int truth, int predicted)
        {
            CheckIndex(truth, nameof(truth));
            CheckIndex(predicted, nameof(predicted));
            return s_scores[truth, predicted];
        }

        /// <summary>The WA weight of true class <paramref name="truth"/> predicted as <paramref name="predicted"/>: <see cref="Score"/> / 12.</summary>
        /// <exception cref="ArgumentOutOfRangeException">An index is not 0-16.</exception>
        public static double Weight(int truth, int predicted) => Score(truth, predicted) / (double)MaxScore;

        /// <summary>A new 17 x 17 array of the scores (0-12), rows truth and columns prediction.</summary>
        public static int[,] ToScoreArray()
        {
            var scores = new int[LczClasses.Count, LczClasses.Count];
            for (int i = 0; i < LczClasses.Count; i++)
                for (int j = 0; j < LczClasses.Count; j++)
                    scores[i, j] = s_scores[i, j];
            return scores;
        }

        /// <summary>A new 17 x 17 array of the weights (scores / 12), rows truth and columns prediction.</summary>
        public static double[,] ToWeightArray()
        {
            var weights = new double[LczClasses.Count, LczClasses.Count];
            for (int i = 0; i < LczClasses.Count; i++)
                for (int j = 0; j < LczClasses.Count; j++)
                    weights[i, j] = s_scores[i, j] / (double)MaxScore;
            return weights;
        }

        private static void CheckIndex(int index, string name)
        {
            if ((uint)index >= LczClasses.Count)
                throw new ArgumentOutOfRangeException(name, index, $"An LCZ index is 0 to {LczClasses.Count - 1}.");
        }
    }
}
