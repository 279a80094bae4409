namespace Msmla.Plotting.Notebooks
{
    /// <summary>A plot that a notebook shows as a PNG image of its default size.</summary>
    internal interface INotebookPlot
    {
        /// <summary>The PNG of the plot at its default width and height.</summary>
        byte[] ToNotebookPng();
    }
}
