using CorrectNet.Cli;

namespace CorrectNet.Tests.Cli;

/// <summary>What a grader or reproduce says when Jupyter stops before writing the executed notebook.</summary>
public sealed class NotebookFailureReasonTests
{
    [Fact]
    public void JupytersOwnExceptionLineWinsOverTheKernelLog()
    {
        string output = string.Join("\n",
            "info: Microsoft.Hosting.Lifetime[0]",
            "Traceback (most recent call last):",
            "  File \"/usr/lib/python3/dist-packages/nbclient/client.py\", line 915, in _check_raise_for_error",
            "nbclient.exceptions.DeadKernelError: Kernel died",
            "      Application is shutting down...");

        Assert.Equal("nbclient.exceptions.DeadKernelError: Kernel died", NotebookRunner.Reason(output));
    }

    [Fact]
    public void WithoutATracebackTheLastLinesAreTheReason()
    {
        string output = "info: Now listening on: http://[::1]:2048\nApplication is shutting down...";

        Assert.Equal(output, NotebookRunner.Reason(output));
    }
}
