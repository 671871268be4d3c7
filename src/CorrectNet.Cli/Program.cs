using System.CommandLine;
using System.CommandLine.Invocation;
using CorrectNet.Cli;

var root = new RootCommand(
    "correctnet: the CorrectNet+ research kit. Train models, run the paper's experiments on simulated RRAM " +
    "crossbars, and regenerate every figure and table headless.")
{
    TrainCommand.Create(),
    EvaluateCommand.Create(),
    SweepCommand.Create(),
    MergeCommand.Create(),
    QuantizeCommand.Create(),
    PlaceCommand.Create(),
    SharingCommand.Create(),
    PipelineCommand.Create(),
    BenchCommand.Create(),
    ReproduceCommand.Create(),
    GalleryCommand.Create(),
    CourseCommand.Create(),
};
// Exceptions reach the boundary below rather than System.CommandLine's handler, which prints a stack trace.
var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
var parsed = root.Parse(args);
// A bad option value of a command prints its one-line error on stderr; the full help after it would bury it (and
// land on stdout). A bare `correctnet` still gets the help: there it is the answer.
if (parsed.Action is ParseErrorAction parseError && parsed.CommandResult.Command != root) parseError.ShowHelp = false;
return await ErrorBoundary.RunAsync(args, () => parsed.InvokeAsync(configuration));
