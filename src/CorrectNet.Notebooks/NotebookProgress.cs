using CorrectNet.Training;

namespace CorrectNet.Notebooks;

/// <summary>Progress as plain lines in the cell output: one per epoch (cell outputs cannot redraw a bar
/// headless).</summary>
public static class NotebookProgress
{
    public static IProgress<TrainingProgress> Training(string label) => new SynchronousProgress<TrainingProgress>(p =>
    {
        if (p.Finished is { } e)
            Console.WriteLine($"{label}: epoch {e.Epoch}/{p.Epochs}  loss {e.TrainLoss:F4}  train " +
                $"{e.TrainAccuracy:P1}  test {e.TestAccuracy:P1}  ({e.Seconds:F1} s)");
    });
}
