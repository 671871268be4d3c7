using CorrectNet.Training;
using Microsoft.Data.Analysis;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace CorrectNet.Notebooks;

/// <summary>Figures and tables of a training run.</summary>
public static class TrainingFigures
{
    /// <summary>Train and test accuracy (%) per epoch.</summary>
    public static GenericChart Curve(IReadOnlyList<EpochRecord> history, string title)
    {
        var epochs = history.Select(e => e.Epoch).ToArray();
        var combined = Chart.Combine(
            [
                Chart.Line<int, double, string>(epochs, history.Select(e => 100 * e.TrainAccuracy), Name: "train",
                    ShowMarkers: true),
                Chart.Line<int, double, string>(epochs, history.Select(e => 100 * e.TestAccuracy), Name: "test",
                    ShowMarkers: true),
            ]);
        return Plotly.NET.Chart.withTitle(title, null).Invoke(combined)
            .WithXAxisStyle<int, int, string>(TitleText: "epoch")
            .WithYAxisStyle<double, double, string>(TitleText: "accuracy (%)");
    }

    public static DataFrame History(IReadOnlyList<EpochRecord> history) => new(
        new Int32DataFrameColumn("epoch", history.Select(e => e.Epoch)),
        new DoubleDataFrameColumn("learning_rate", history.Select(e => e.LearningRate)),
        new DoubleDataFrameColumn("train_loss", history.Select(e => e.TrainLoss)),
        new DoubleDataFrameColumn("train_accuracy", history.Select(e => e.TrainAccuracy)),
        new DoubleDataFrameColumn("test_accuracy", history.Select(e => e.TestAccuracy)),
        new DoubleDataFrameColumn("seconds", history.Select(e => e.Seconds)),
        new Int32DataFrameColumn("threads", history.Select(e => e.Threads)));

    public static DataFrame PerClassAccuracy(IReadOnlyList<string> classNames, IReadOnlyList<double> accuracy) => new(
        new StringDataFrameColumn("class", classNames),
        new DoubleDataFrameColumn("accuracy", accuracy));
}
