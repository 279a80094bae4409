namespace Msmla.Data.So2Sat
{
    /// <summary>
    /// The six parameters of an ESRI world file (<c>.tfw</c>), in file order: map x = A * column + B * row + C,
    /// map y = D * column + E * row + F, for the centre of the pixel at (column, row).
    /// </summary>
    /// <param name="A">Pixel size along x (line 1).</param>
    /// <param name="D">Rotation term (line 2).</param>
    /// <param name="B">Rotation term (line 3).</param>
    /// <param name="E">Pixel size along y, usually negative (line 4).</param>
    /// <param name="C">Map x of the centre of the upper-left pixel (line 5).</param>
    /// <param name="F">Map y of the centre of the upper-left pixel (line 6).</param>
    public readonly record struct WorldFile(double A, double D, double B, double E, double C, double F)
    {
        /// <summary>The map coordinates of the centre of pixel (column, row).</summary>
        public (double X, double Y) PixelToMap(double column, double row) => (A * column + B * row + C, D * column + E * row + F);
    }
}
