using System.Reflection;
using System.Text;
using CorrectNet.Data;
using CorrectNet.Training;

namespace CorrectNet.Cli;

/// <summary>
/// The one place a command's failure becomes an exit code. Known failures (bad input, a missing, corrupt or
/// unwritable file, a diverged or overflowing model) print one line naming the problem and exit 1; anything else is a
/// bug: one summary line, the full details in a log file whose path is printed, exit 70 (EX_SOFTWARE). Nothing
/// escapes to the runtime, which would abort the process (exit 134 and a core file) for an unhandled exception.
/// </summary>
internal static class ErrorBoundary
{
    public const int Failure = 1;
    public const int InternalError = 70;

    public static async Task<int> RunAsync(string[] args, Func<Task<int>> main)
    {
        // A bug on another thread never reaches the catch below; it still gets its log and exit code instead of an
        // abort.
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            ReportUnexpected(e.ExceptionObject as Exception ?? new Exception($"{e.ExceptionObject}"), args);
            Environment.Exit(InternalError);
        };
        try
        {
            return await main();
        }
        catch (Exception e)
        {
            var cause = Unwrap(e);
            if (IsKnown(cause))
            {
                Console.Error.WriteLine($"correctnet: {Describe(cause)}");
                return Failure;
            }

            ReportUnexpected(e, args);
            return InternalError;
        }
    }

    /// <summary>Failures whose message already tells the user what is wrong and what to change.</summary>
    internal static bool IsKnown(Exception e) => e is DataFormatException or InvalidDataException or IOException
        or UnauthorizedAccessException or ArgumentException or OperationCanceledException
        or TrainingDivergedException or NonFiniteOutputException or System.Text.Json.JsonException;

    private static string Describe(Exception e) => e switch
    {
        OperationCanceledException => "cancelled.",
        // The parameter name of an ArgumentException is a C# identifier and the "Actual value" line repeats the value
        // the message already shows; the first line alone says what is wrong.
        ArgumentException a => FirstLine(a.Message).Replace($" (Parameter '{a.ParamName}')", ""),
        _ => e.Message,
    };

    // Tasks and reflection wrap the real exception; its type decides, not the wrapper's.
    private static Exception Unwrap(Exception e)
    {
        while (true)
        {
            switch (e)
            {
                case AggregateException { InnerExceptions.Count: 1 } a: e = a.InnerExceptions[0]; continue;
                case TargetInvocationException { InnerException: { } inner }: e = inner; continue;
                default: return e;
            }
        }
    }

    private static void ReportUnexpected(Exception e, string[] args)
    {
        string summary = $"correctnet: internal error: {e.GetType().Name}: {FirstLine(e.Message)}";
        try
        {
            string log = Path.Combine(Path.GetTempPath(),
                $"correctnet-error-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}.log");
            var text = new StringBuilder()
                .AppendLine($"correctnet {CorrectNetInfo.Version} ({CorrectNetInfo.GitCommit}), {DateTime.UtcNow:O}")
                .AppendLine($"arguments: {string.Join(' ', args.Select(a => a.Contains(' ') ? $"\"{a}\"" : a))}")
                .AppendLine($"working directory: {Environment.CurrentDirectory}")
                .AppendLine($"runtime: {Environment.Version} on {Environment.OSVersion}")
                .AppendLine()
                .AppendLine(e.ToString());
            File.WriteAllText(log, text.ToString());
            Console.Error.WriteLine(summary);
            Console.Error.WriteLine($"correctnet: details in {log}; please include that file when reporting this.");
        }
        catch (Exception logFailure) when (logFailure is IOException or UnauthorizedAccessException)
        {
            // No log file possible: the details go to stderr rather than nowhere.
            Console.Error.WriteLine(summary);
            Console.Error.WriteLine(e.ToString());
        }
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].TrimEnd('\r');
}
