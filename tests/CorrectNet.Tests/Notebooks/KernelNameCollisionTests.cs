using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using CorrectNet.Notebooks;

namespace CorrectNet.Tests.Notebooks;

/// <summary>
/// A notebook names kit types by their simple names. In a C# submission, a top-level namespace or a global type of
/// any assembly the kernel has loaded wins over a type imported with <c>using</c>, and a type of a namespace the kernel
/// imports by default makes the name ambiguous: either breaks every cell that names the kit type (CS0234, CS0104).
/// The headless runner does not load the same assemblies, so only this check (and CI's run in the real kernel) sees it.
/// </summary>
public class KernelNameCollisionTests
{
    /// <summary>Namespaces every .NET Interactive C# submission imports without a using of its own.</summary>
    private static readonly string[] KernelDefaultImports =
        ["System", "System.Collections.Generic", "System.Linq", "System.Text", "System.Threading.Tasks"];

    [Fact]
    public void NoKitTypeNameIsAKernelNamespaceOrAKernelDefaultImport()
    {
        var kernelNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (string assembly in KernelAssemblies().Concat(RuntimeAssemblies()))
            AddShadowingNames(assembly, kernelNames);
        // the collision that broke every notebook once: proves the scan sees it
        Assert.Contains("Recipes", kernelNames);

        var kitTypes = new[] { typeof(CorrectNetInfo).Assembly, typeof(Artifacts).Assembly }
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => !t.IsNested)
            .Select(t => t.Name.Split('`')[0]);
        var collisions = kitTypes.Where(kernelNames.Contains).Distinct().Order().ToList();
        Assert.True(collisions.Count == 0,
            $"Kit types whose names the .NET Interactive kernel shadows or makes ambiguous: " +
            $"{string.Join(", ", collisions)}. Rename them.");
    }

    /// <summary>
    /// Top-level namespaces, global types, and types of the default-imported namespaces of one assembly.
    /// </summary>
    private static void AddShadowingNames(string path, HashSet<string> names)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata) return;
        var reader = pe.GetMetadataReader();
        foreach (var handle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(handle);
            if (type.GetDeclaringType().IsNil is false) continue;
            bool isPublic = (type.Attributes & TypeAttributes.VisibilityMask) == TypeAttributes.Public;
            string ns = reader.GetString(type.Namespace);
            string name = reader.GetString(type.Name).Split('`')[0];
            if (ns.Length == 0) { if (isPublic) names.Add(name); }
            else
            {
                names.Add(ns.Split('.')[0]);
                if (isPublic && KernelDefaultImports.Contains(ns)) names.Add(name);
            }
        }
    }

    /// <summary>
    /// The assemblies of the pinned dotnet-interactive tool (dotnet-tools.json), restored by `dotnet tool restore`.
    /// </summary>
    private static IEnumerable<string> KernelAssemblies()
    {
        string root = ProjectPaths.RepositoryRoot
            ?? throw new InvalidOperationException("Run the tests inside the clone.");
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "dotnet-tools.json")));
        string version = manifest.RootElement.GetProperty("tools").GetProperty("microsoft.dotnet-interactive")
            .GetProperty("version").GetString()!;
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p
            ? p : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string tools = Path.Combine(packages, "microsoft.dotnet-interactive", version, "tools");
        Assert.True(Directory.Exists(tools),
            $"The kernel tool is not restored ({tools} is missing): run `dotnet tool restore` in the clone.");
        return Directory.EnumerateFiles(tools, "*.dll", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}runtimes{Path.DirectorySeparatorChar}"));
    }

    private static IEnumerable<string> RuntimeAssemblies() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
        .Where(f => Path.GetFileName(f).StartsWith("System.", StringComparison.Ordinal)
            || Path.GetFileName(f) is "mscorlib.dll" or "netstandard.dll");
}
