namespace CorrectNet;

/// <summary>
/// An IProgress that calls its handler on the reporting thread, in order. (System.Progress posts to the thread pool,
/// which reorders reports and can outlive the work.)
/// </summary>
public sealed class SynchronousProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
