using System.CommandLine;
using CorrectNet.Cli;

var root = new RootCommand(
    "correctnet: the CorrectNet+ research kit. Train models, run the paper's experiments on simulated RRAM crossbars, " +
    "and regenerate every figure and table headless.")
{
    TrainCommand.Create(),
    EvaluateCommand.Create(),
    SweepCommand.Create(),
    MergeCommand.Create(),
    QuantizeCommand.Create(),
    PlaceCommand.Create(),
    BenchCommand.Create(),
    ReproduceCommand.Create(),
};
var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
try
{
    return await root.Parse(args).InvokeAsync(configuration);
}
catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or UnauthorizedAccessException or OperationCanceledException
                           or CorrectNet.Training.TrainingDivergedException)
{
    // Bad input, a missing/corrupt file or a diverged training: the message names it; a stack trace would only hide that.
    Console.Error.WriteLine($"correctnet: {e.Message}");
    return 1;
}
