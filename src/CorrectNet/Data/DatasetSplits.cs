namespace CorrectNet.Data;

/// <summary>A dataset's training and test parts; disposing this disposes both.</summary>
public sealed record DatasetSplits(ImageDataset Train, ImageDataset Test) : IDisposable
{
    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }
}
