namespace Msmla.Data.Mapping
{
    /// <summary>How far a map is: cells done of the cells to map (over all scenes, in this shard).</summary>
    /// <param name="CellsDone">Cells whose windows have been classified or found nodata, summed over the scenes.</param>
    /// <param name="Cells">Cells to do, summed over the scenes.</param>
    public sealed record MapProgress(long CellsDone, long Cells);
}
