using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Msmla.Core.Data;
using Msmla.Core.Preprocessing;
using Msmla.Data.So2Sat;

namespace Msmla.Data.Synthetic
{
    /// <summary>
    /// A small synthetic LCZ-like dataset that a model can learn: every class has its own spectrum
    /// (reflectance per band) and texture (an oriented grating of its own frequency, plus a block pattern
    /// of its own size for built-up classes), varied per patch by brightness, phase, offsets and noise.
    /// Patch <c>i</c> depends only on (seed, i), so any range of patches can be generated on its own:
    /// in memory as an <see cref="IPatchSource"/>, or streamed into So2Sat-layout files of any size.
    /// </summary>
    public static class SyntheticLczSample
    {
        private const int PieceSize = 256;

        /// <summary>The 0-based class of patch <paramref name="index"/>.</summary>
        public static int LabelOf(SyntheticLczOptions options, long index)
        {
            options.Validate();
            return (int)(SeededRandom.Combine(SeededRandom.Combine((ulong)options.Seed, 0x4C4142454CUL), (ulong)index) % (ulong)options.ClassCount);
        }

        /// <summary>The band names of the Sentinel-2-like channels.</summary>
        public static IReadOnlyList<string> BandNames(SyntheticLczOptions options) =>
            options.Bands == So2SatBands.Sentinel2.Count ? So2SatBands.Sentinel2 : Enumerable.Range(1, options.Bands).Select(b => $"S{b}").ToArray();

        /// <summary>Generates patch <paramref name="index"/>: its Sentinel-2-like bands (CHW) and, when configured, Sentinel-1-like channels (CHW).</summary>
        /// <returns>The patch's 0-based class.</returns>
        public static int Generate(SyntheticLczOptions options, long index, Span<float> sentinel2, Span<float> sentinel1 = default)
        {
            options.Validate();
            int size = options.PatchSize;
            int pixels = size * size;
            if (sentinel2.Length != options.Bands * pixels) throw new ArgumentException($"Sentinel-2 needs {options.Bands * pixels} values.", nameof(sentinel2));
            if (sentinel1.Length != options.Sentinel1Channels * pixels) throw new ArgumentException($"Sentinel-1 needs {options.Sentinel1Channels * pixels} values.", nameof(sentinel1));
            int label = LabelOf(options, index);
            Draw(options, label, SeededRandom.For(options.Seed, 0x5041544348L /* "PATCH" */, index), sentinel2, sentinel1);
            return label;
        }

        /// <summary>Draws one patch of class <paramref name="label"/> from <paramref name="random"/>: the look of the class, the texture and noise of the draw.</summary>
        internal static void Draw(SyntheticLczOptions options, int label, SeededRandom random, Span<float> sentinel2, Span<float> sentinel1)
        {
            int size = options.PatchSize;
            int pixels = size * size;
            ClassLook look = ClassLook.For(label, options.Bands, options.Sentinel1Channels);

            // Texture shared by all bands: grating along the class's direction, blocks for built-up classes.
            Span<float> texture = pixels <= 4096 ? stackalloc float[pixels] : new float[pixels];
            double phase = random.NextDouble() * 2 * Math.PI;
            double angle = look.Angle + (random.NextDouble() - 0.5) * 0.3;
            double fx = Math.Cos(angle) * look.Frequency * 2 * Math.PI;
            double fy = Math.Sin(angle) * look.Frequency * 2 * Math.PI;
            int offsetX = random.NextInt(64);
            int offsetY = random.NextInt(64);
            for (int y = 0; y < size; y++)
            {
                for (int x = 0; x < size; x++)
                {
                    double t = look.Grating * Math.Sin(fx * x + fy * y + phase);
                    if (look.BlockSize > 0 && (((x + offsetX) / look.BlockSize + (y + offsetY) / look.BlockSize) & 1) == 0) t += look.Blocks;
                    texture[y * size + x] = (float)t;
                }
            }

            double brightness = 1 + (random.NextDouble() - 0.5) * 0.2;
            double noise = options.Noise * Math.Sqrt(6);
            for (int b = 0; b < options.Bands; b++)
            {
                double level = look.Spectrum[b] * brightness;
                double sensitivity = look.Sensitivity[b];
                Span<float> plane = sentinel2.Slice(b * pixels, pixels);
                for (int p = 0; p < pixels; p++)
                {
                    double triangular = random.NextDouble() + random.NextDouble() - 1;
                    plane[p] = (float)(level * (1 + sensitivity * texture[p]) + noise * triangular);
                }
            }
            for (int k = 0; k < options.Sentinel1Channels; k++)
            {
                Span<float> plane = sentinel1.Slice(k * pixels, pixels);
                double level = look.Backscatter[k];
                for (int p = 0; p < pixels; p++)
                {
                    double triangular = random.NextDouble() + random.NextDouble() - 1;
                    plane[p] = (float)(level * (1 + 0.5 * texture[p]) + 0.15 * triangular);
                }
            }
        }

        /// <summary>Generates <paramref name="count"/> patches (from <paramref name="firstIndex"/>) into memory as a source of the Sentinel-2-like bands.</summary>
        public static ArrayPatchSource CreateSource(SyntheticLczOptions options, int count, long firstIndex = 0)
        {
            options.Validate();
            if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "At least one patch.");
            int per = options.Bands * options.PatchSize * options.PatchSize;
            var data = new float[checked(count * per)];
            var labels = new int[count];
            var sen1 = new float[options.Sentinel1Channels * options.PatchSize * options.PatchSize];
            for (int i = 0; i < count; i++) labels[i] = Generate(options, firstIndex + i, data.AsSpan(i * per, per), sen1);
            return new ArrayPatchSource(data, labels, BandNames(options), options.PatchSize, options.PatchSize, options.ClassCount);
        }

        /// <summary>
        /// Writes patches [firstIndex, firstIndex + count) to a So2Sat-layout file (float64, <c>sen2</c>, <c>sen1</c>
        /// when configured, one-hot <c>label</c>), generating and writing in pieces so that files of any size stream.
        /// The file is written under a temporary name in the same directory and renamed at the end, so a cancelled or
        /// failed write leaves no partial file (and an existing file at <paramref name="path"/> as it was).
        /// </summary>
        /// <param name="path">The file to write (replaced if it exists).</param>
        /// <param name="options">The sample.</param>
        /// <param name="count">How many patches.</param>
        /// <param name="firstIndex">The index of the first patch.</param>
        /// <param name="progress">Receives the number of patches written so far, after every piece of 256.</param>
        /// <param name="cancellationToken">Checked before every piece.</param>
        /// <exception cref="OperationCanceledException">Cancelled; no file was left at <paramref name="path"/> or beside it.</exception>
        public static void WriteSo2Sat(string path, SyntheticLczOptions options, long count, long firstIndex = 0,
            IProgress<long>? progress = null, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            options.Validate();
            string temporary = TemporaryPath(path);
            try
            {
                WriteSo2SatFile(temporary, options, count, firstIndex, progress, cancellationToken);
                File.Move(temporary, path, overwrite: true);
            }
            finally
            {
                if (File.Exists(temporary)) File.Delete(temporary);
            }
        }

        /// <summary>
        /// Writes <c>training.h5</c>, <c>validation.h5</c> and <c>testing.h5</c> (disjoint patches, in that order of
        /// indices) into a directory. All three are written under temporary names and renamed only when all are
        /// complete, so a cancelled or failed call leaves none of them (and files already there as they were).
        /// </summary>
        /// <param name="directory">The directory (created if missing).</param>
        /// <param name="options">The sample.</param>
        /// <param name="training">Patches in <c>training.h5</c> (indices 0 to training - 1).</param>
        /// <param name="validation">Patches in <c>validation.h5</c> (the next indices).</param>
        /// <param name="testing">Patches in <c>testing.h5</c> (the next indices).</param>
        /// <param name="progress">Receives the number of patches written so far over the three files (up to their sum), after every piece of 256.</param>
        /// <param name="cancellationToken">Checked before every piece.</param>
        /// <exception cref="OperationCanceledException">Cancelled; none of the three files was written.</exception>
        public static SyntheticSplitFiles WriteSplits(string directory, SyntheticLczOptions options, int training, int validation, int testing,
            IProgress<long>? progress = null, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrEmpty(directory);
            options.Validate();
            Directory.CreateDirectory(directory);
            var files = new SyntheticSplitFiles(Path.Combine(directory, "training.h5"), Path.Combine(directory, "validation.h5"), Path.Combine(directory, "testing.h5"));
            (string Path, long Count, long First)[] parts =
            {
                (files.Training, training, 0),
                (files.Validation, validation, training),
                (files.Testing, testing, (long)training + validation),
            };
            string[] temporaries = parts.Select(p => TemporaryPath(p.Path)).ToArray();
            try
            {
                long done = 0;
                for (int i = 0; i < parts.Length; i++)
                {
                    long before = done;
                    IProgress<long>? partProgress = progress == null ? null : new OffsetProgress(progress, before);
                    WriteSo2SatFile(temporaries[i], options, parts[i].Count, parts[i].First, partProgress, cancellationToken);
                    done += parts[i].Count;
                }
                cancellationToken.ThrowIfCancellationRequested();
                for (int i = 0; i < parts.Length; i++) File.Move(temporaries[i], parts[i].Path, overwrite: true);
            }
            finally
            {
                foreach (string temporary in temporaries)
                {
                    if (File.Exists(temporary)) File.Delete(temporary);
                }
            }
            return files;
        }

        private static void WriteSo2SatFile(string path, SyntheticLczOptions options, long count, long firstIndex,
            IProgress<long>? progress, CancellationToken cancellationToken)
        {
            int pixels = options.PatchSize * options.PatchSize;
            int per2 = options.Bands * pixels;
            int per1 = options.Sentinel1Channels * pixels;
            var writerOptions = new So2SatWriterOptions
            {
                Count = count,
                PatchSize = options.PatchSize,
                Sentinel2Channels = options.Bands,
                Sentinel1Channels = options.Sentinel1Channels,
                ClassCount = options.ClassCount,
            };
            using So2SatWriter writer = So2SatWriter.Create(path, writerOptions);
            var sen2 = new float[PieceSize * per2];
            var sen1 = new float[PieceSize * per1];
            var labels = new int[PieceSize];
            for (long first = 0; first < count; first += PieceSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int rows = (int)Math.Min(PieceSize, count - first);
                for (int i = 0; i < rows; i++)
                    labels[i] = Generate(options, firstIndex + first + i, sen2.AsSpan(i * per2, per2), sen1.AsSpan(i * per1, per1));
                writer.WritePatches(SensorModality.Sentinel2, first, sen2.AsSpan(0, rows * per2));
                if (per1 > 0) writer.WritePatches(SensorModality.Sentinel1, first, sen1.AsSpan(0, rows * per1));
                writer.WriteLabels(first, labels.AsSpan(0, rows));
                progress?.Report(first + rows);
            }
            writer.Complete();
        }

        /// <summary>A hidden temporary name beside <paramref name="path"/> (same directory, so the final rename does not copy).</summary>
        private static string TemporaryPath(string path)
        {
            string full = Path.GetFullPath(path);
            return Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        }

        /// <summary>Reports a part's count plus the patches of the parts before it.</summary>
        private sealed class OffsetProgress : IProgress<long>
        {
            private readonly IProgress<long> _inner;
            private readonly long _offset;

            public OffsetProgress(IProgress<long> inner, long offset)
            {
                _inner = inner;
                _offset = offset;
            }

            public void Report(long value) => _inner.Report(_offset + value);
        }

        /// <summary>What makes a class recognisable; fixed per class (independent of the seed).</summary>
        private sealed class ClassLook
        {
            private static readonly Dictionary<(int, int, int), ClassLook> s_cache = new();

            public required double[] Spectrum { get; init; }

            public required double[] Sensitivity { get; init; }

            public required double[] Backscatter { get; init; }

            public double Frequency { get; init; }

            public double Angle { get; init; }

            public double Grating { get; init; }

            public int BlockSize { get; init; }

            public double Blocks { get; init; }

            public static ClassLook For(int label, int bands, int sentinel1)
            {
                lock (s_cache)
                {
                    if (s_cache.TryGetValue((label, bands, sentinel1), out ClassLook? known)) return known;
                    var random = new SeededRandom(SeededRandom.Combine(0x4C435A, (ulong)label));
                    bool builtUp = label < 10;
                    var spectrum = new double[bands];
                    var sensitivity = new double[bands];
                    // A smooth spectrum: a random level and slope with a bump, so bands correlate as real ones do.
                    double level = 0.06 + 0.22 * random.NextDouble();
                    double slope = (random.NextDouble() - 0.5) * 0.2;
                    double bumpAt = random.NextDouble();
                    double bump = (random.NextDouble() - 0.3) * 0.2;
                    for (int b = 0; b < bands; b++)
                    {
                        double t = bands == 1 ? 0 : b / (double)(bands - 1);
                        spectrum[b] = Math.Max(0.01, level + slope * t + bump * Math.Exp(-Math.Pow((t - bumpAt) / 0.2, 2)));
                        sensitivity[b] = 0.3 + 0.7 * random.NextDouble();
                    }
                    var backscatter = new double[sentinel1];
                    for (int k = 0; k < sentinel1; k++) backscatter[k] = (random.NextDouble() - 0.5) * 2;
                    var look = new ClassLook
                    {
                        Spectrum = spectrum,
                        Sensitivity = sensitivity,
                        Backscatter = backscatter,
                        Frequency = 1.0 / (3 + 13 * random.NextDouble()),
                        Angle = random.NextDouble() * Math.PI,
                        Grating = 0.05 + 0.25 * random.NextDouble(),
                        BlockSize = builtUp ? 2 + random.NextInt(6) : 0,
                        Blocks = builtUp ? 0.1 + 0.3 * random.NextDouble() : 0,
                    };
                    s_cache[(label, bands, sentinel1)] = look;
                    return look;
                }
            }
        }
    }
}
