using System;
using System.Globalization;
using Msmla.Data.Scenes;

namespace Msmla.Data.Mapping
{
    /// <summary>
    /// Where the cells of a map lie on its scene: the scene's grid coarsened by the step, ceil(W / step) x ceil(H / step)
    /// cells with the scene's origin and CRS; cell (r, c) is classified from the patch-size window whose top-left pixel is
    /// (r x step + step / 2 - patch / 2, c x step + step / 2 - patch / 2) (integer division), that is centred on the cell's
    /// centre (exactly for even step and patch, within half a pixel otherwise).
    /// </summary>
    /// <param name="SceneWidth">The scene's width in pixels.</param>
    /// <param name="SceneHeight">The scene's height in pixels.</param>
    /// <param name="Step">Scene pixels per cell.</param>
    /// <param name="Patch">The window side in pixels (the model's patch size).</param>
    public sealed record MapGeometry(int SceneWidth, int SceneHeight, int Step, int Patch)
    {
        /// <summary>Cells per map row: ceil(scene width / step).</summary>
        public int Width => (SceneWidth + Step - 1) / Step;

        /// <summary>Map rows: ceil(scene height / step).</summary>
        public int Height => (SceneHeight + Step - 1) / Step;

        /// <summary>The first scene row (or column) of the window of map row (or column) <paramref name="cell"/>; may be negative or reach past the scene.</summary>
        public int WindowStart(int cell) => cell * Step + Step / 2 - Patch / 2;

        /// <summary>Whether the window of cell (row, column) lies wholly inside the scene.</summary>
        public bool Inside(int row, int column)
        {
            int top = WindowStart(row), left = WindowStart(column);
            return top >= 0 && left >= 0 && top + Patch <= SceneHeight && left + Patch <= SceneWidth;
        }

        /// <summary>The map's grid: the scene's georeferencing with pixels <see cref="Step"/> times larger.</summary>
        public RasterGrid MapGrid(GeoReferencing scene) => new(Width, Height, scene.Scale(Step));

        /// <summary>The geometry of a scene's map.</summary>
        /// <exception cref="SceneDataException">The scene is smaller than one window.</exception>
        public static MapGeometry For(GeoTiffScene scene, int step, int patch)
        {
            ArgumentNullException.ThrowIfNull(scene);
            if (scene.Width < patch || scene.Height < patch)
                throw new SceneDataException(scene.Files[0].Path, null,
                    string.Create(CultureInfo.InvariantCulture, $"the scene is {scene.Width} x {scene.Height} pixels, smaller than one {patch} x {patch} window of the model."));
            return new MapGeometry(scene.Width, scene.Height, step, patch);
        }
    }
}
