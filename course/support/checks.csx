#nullable enable
// What a check cell calls. Check runs one test with a time limit and says what passed, what failed and a hint; under
// `correctnet course grade` it also appends the outcome to the file named by CORRECTNET_COURSE_RESULTS (one JSON
// object per line), which the grader scores even if a later cell stops the notebook.
using System.IO;
using System.Threading.Tasks;

/// <summary>Thrown by Expect: the message says what was measured and what was expected.</summary>
public sealed class CheckFailure : Exception
{
    public CheckFailure(string message) : base(message) { }
}

/// <summary>Fails the check with <paramref name="message"/> unless <paramref name="condition"/> holds.</summary>
static void Expect(bool condition, string message)
{
    if (!condition) throw new CheckFailure(message);
}

/// <summary>Fails unless |actual − expected| ≤ tolerance; the message gives both and the tolerance.</summary>
static void ExpectClose(double actual, double expected, double tolerance, string what) =>
    Expect(Math.Abs(actual - expected) <= tolerance,
        $"{what} is {actual:G5}, expected {expected:G5} ± {tolerance:G3}");

/// <summary>
/// Runs <paramref name="test"/> (points: what it is worth in grading). A test passes when it returns; it fails when it
/// throws (Expect's message, or the exception) or runs longer than <paramref name="seconds"/>.
/// </summary>
void Check(string id, int points, string hint, Action test, int seconds = 60)
{
    string? failure = null;
    var run = Task.Run(test);
    try
    {
        if (!run.Wait(TimeSpan.FromSeconds(seconds)))
            failure = $"did not finish within {seconds} s (an endless loop, or far too much work?)";
    }
    catch (AggregateException e)
    {
        var cause = e.InnerException ?? e;
        failure = cause switch
        {
            NotImplementedException => "not written yet: the answer cell still throws NotImplementedException",
            CheckFailure f => f.Message,
            _ => $"{cause.GetType().Name}: {cause.Message}",
        };
    }
    Console.WriteLine(failure is null
        ? $"PASSED {id} ({points} points)"
        : $"FAILED {id} ({points} points): {failure}\n  hint: {hint}");
    string? results = Environment.GetEnvironmentVariable("CORRECTNET_COURSE_RESULTS");
    if (!string.IsNullOrEmpty(results))
        File.AppendAllText(results, System.Text.Json.JsonSerializer.Serialize(
            new { id, passed = failure is null, message = failure ?? "passed" }) + "\n");
}
