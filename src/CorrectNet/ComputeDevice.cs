using TorchSharp;
using static TorchSharp.torch;

namespace CorrectNet;

/// <summary>
/// Parses a --device value ("cpu", "cuda", "cuda:1") and checks that this TorchSharp build can use it.
/// </summary>
public static class ComputeDevice
{
    public static Device Parse(string name)
    {
        string normalized = name.Trim().ToLowerInvariant();
        if (normalized == "cpu") return CPU;
        if (normalized == "cuda" || normalized.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!cuda.is_available())
                throw new ArgumentException(
                    $"--device {name}: CUDA is not available to this TorchSharp build " +
                    "(CPU-only libtorch, or no GPU). See environment.md, section GPU, for the CUDA packages.",
                    nameof(name));
            return new Device(normalized);
        }
        throw new ArgumentException($"--device {name}: expected cpu, cuda or cuda:N.", nameof(name));
    }
}
