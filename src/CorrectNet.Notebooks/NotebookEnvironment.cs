using System.Reflection;
using System.Runtime.Loader;
using CorrectNet.Experiments.Caching;
using CorrectNet.Experiments.Profiles;
using CorrectNet.Experiments.Recipes;

namespace CorrectNet.Notebooks;

/// <summary>
/// Makes a notebook kernel ready for the kit: FSharp.Core version binding for Plotly.NET, the native torch library,
/// and the experiment profile. Called once by notebooks/kit.csx.
/// </summary>
public static class NotebookEnvironment
{
    private static int _initialized;

    /// <summary>Set by `correctnet reproduce --device`; cpu when absent.</summary>
    public const string DeviceVariable = "CORRECTNET_DEVICE";

    public static ExperimentProfile Profile { get; private set; } = ExperimentProfile.Default;

    /// <summary>The device notebooks compute on: CORRECTNET_DEVICE (cpu, cuda, cuda:N), else cpu.</summary>
    public static TorchSharp.torch.Device Device { get; private set; } = TorchSharp.torch.CPU;

    /// <summary>Where notebooks run recipes: the project's result cache on <see cref="Device"/>.</summary>
    public static ExperimentContext Context => new(ResultCache.Default, Device)
    {
        TrainingThreads = Profile.Training.Threads,
    };

    public static ExperimentProfile Initialize()
    {
        if (Interlocked.Exchange(ref _initialized, 1) == 0)
        {
            // Plotly.NET 6 is built against FSharp.Core 10.1; kernels load an older one. Any loaded FSharp.Core serves.
            AssemblyLoadContext.Default.Resolving += (_, name) => name.Name == "FSharp.Core"
                ? AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "FSharp.Core")
                  ?? LoadBeside(name)
                : null;
            // The first torch call loads the native library; before any nn.Module (see environment.md).
            TorchSharp.torch.zeros(1).Dispose();
        }
        Profile = ExperimentProfile.Resolve();
        Device = ComputeDevice.Parse(Environment.GetEnvironmentVariable(DeviceVariable) is { Length: > 0 } d ? d
            : "cpu");
        return Profile;
    }

    private static Assembly? LoadBeside(AssemblyName name)
    {
        string candidate = Path.Combine(Path.GetDirectoryName(typeof(NotebookEnvironment).Assembly.Location)!,
            name.Name + ".dll");
        return File.Exists(candidate) ? AssemblyLoadContext.Default.LoadFromAssemblyPath(candidate) : null;
    }
}
