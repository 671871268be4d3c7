using CorrectNet.Experiments.Sweeps;
using CorrectNet.Tests.Training;

namespace CorrectNet.Tests.Experiments.Sweeps;

public sealed class SweepGridFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private const string Json = """
        {
          "name": "t",
          "models": ["LeNet5", "mlp"],
          "datasets": ["Fashion-MNIST"],
          "methods": ["plain", "Enhanced + Variation-Aware"],
          "seeds": [1, 2],
          "sigmas": [0, 0.5, 1.0],
          "profile": "quick",
          "epochs": 1,
          "max_train": 512,
          "max_test": 256,
          "chips": 2,
          "chip_seed": 7,
          "beta": 0.01,
          "train_sigma": 0.4,
          "preset": "rram"
        }
        """;

    private const string Yaml = """
        # the same grid in YAML
        name: t
        models: [LeNet5, mlp]
        datasets: Fashion-MNIST
        methods:
          - plain
          - "Enhanced + Variation-Aware"
        seeds: [1, 2]
        sigmas: [0, .5, 1.0]
        profile: quick
        epochs: 1
        max_train: 512
        max_test: 256
        chips: 2
        chip_seed: 7
        beta: 1e-2
        train_sigma: 0.4
        preset: rram
        """;

    [Fact]
    public void JsonAndYamlGiveTheSameGridWithCanonicalNames()
    {
        var fromJson = SweepGridFile.Load(Write("g.json", Json));
        var fromYaml = SweepGridFile.Load(Write("g.yaml", Yaml));

        Assert.Empty(JsonFormat.Differences(fromJson, fromYaml));
        Assert.Equal(["lenet5", "mlp"], fromJson.Models);
        Assert.Equal(["fashion-mnist"], fromYaml.Datasets);
        Assert.Equal(["plain", "enhanced + variation-aware"], fromYaml.Methods);
        Assert.Equal([0, 0.5, 1.0], fromYaml.Sigmas);
        Assert.Equal(0.01, fromYaml.Beta);
        Assert.Equal(7, fromYaml.ChipSeed);
    }

    [Fact]
    public void OmittedSettingsComeFromTheProfile()
    {
        var grid = SweepGridFile.Parse(
            """{"models": "lenet5", "datasets": "fashion-mnist", "sigmas": [0.5], "profile": "quick"}""", "g.json");
        var cell = Assert.Single(grid.Cells());
        var quick = CorrectNet.Experiments.Profiles.ExperimentProfile.Quick;
        Assert.Equal("plain", cell.Method);
        Assert.Equal(1, cell.Seed);
        Assert.Equal(quick.Training.Epochs, cell.Epochs);
        Assert.Equal(quick.Training.MaxTrain, cell.MaxTrain);
        Assert.Equal(quick.MonteCarlo.FloatMaxTest, cell.EvaluationImages);
        Assert.Equal(quick.MonteCarlo.FloatChips, cell.Chips);
        Assert.Equal(1, cell.ChipSeed); // = the training seed
        Assert.Equal(quick.Training.SuppressionBeta, cell.Beta);
        Assert.Equal("lognormal", cell.Preset);
    }

    [Theory]
    [InlineData(
        """{"models": ["lenet5"], "datasets": ["mnist"], "sigmas": [0], "sigma": 0.5}""",
        "unknown field 'sigma' (value 0.5)")]
    [InlineData(
        """{"models": ["lenet6"], "datasets": ["mnist"], "sigmas": [0]}""",
        "field 'models[0]' = \"lenet6\": not a model")]
    [InlineData(
        """{"models": ["lenet5"], "datasets": ["svhn"], "sigmas": [0]}""",
        "field 'datasets[0]' = \"svhn\": not a data set")]
    [InlineData(
        """{"models": ["lenet5"], "datasets": ["mnist"], "sigmas": [0, -0.1]}""",
        "field 'sigmas[1]' = -0.1: must be at least 0")]
    [InlineData(
        """{"models": ["lenet5"], "datasets": ["mnist"], "sigmas": [1e9]}""",
        "field 'sigmas[0]' = 1e9: must be at most 10")]
    [InlineData(
        """{"models": ["lenet5"], "datasets": ["mnist"], "sigmas": [0], "train_sigma": 11}""",
        "field 'train_sigma' = 11: must be at most 10")]
    [InlineData(
        """{"models": ["lenet5"], "datasets": ["mnist"], "sigmas": ["a"]}""",
        "field 'sigmas[0]' = \"a\": expected a number")]
    [InlineData(
        """{"models": ["lenet5"], "datasets": ["mnist"], "sigmas": [0], "methods": ["magic"]}""",
        "field 'methods[0]' = \"magic\": not a sweep method")]
    [InlineData(
        """{"models": ["lenet5"], "datasets": ["mnist"], "sigmas": [0], "seeds": [1.5]}""",
        "field 'seeds[0]' = 1.5: expected an integer")]
    [InlineData(
        """{"models": ["lenet5"], "datasets": ["mnist"], "sigmas": [0], "chips": 0}""",
        "field 'chips' = 0: must be an integer ≥ 1")]
    [InlineData(
        """{"models": ["lenet5"], "datasets": ["mnist"], "sigmas": [0], "profile": "huge"}""",
        "field 'profile' = \"huge\": not a profile")]
    [InlineData(
        """{"models": ["lenet5"], "datasets": ["mnist"], "sigmas": [0], "preset": "pcm"}""",
        "field 'preset' = \"pcm\": not a hardware preset")]
    [InlineData(
        """{"models": ["lenet5", "lenet5"], "datasets": ["mnist"], "sigmas": [0]}""",
        "field 'models[1]' = \"lenet5\": appears twice")]
    [InlineData(
        """{"models": ["lenet5"], "datasets": ["mnist"], "sigmas": []}""",
        "field 'sigmas' = []: expected at least one value")]
    [InlineData("""{"models": ["lenet5"], "sigmas": [0]}""", "field 'datasets' is missing")]
    [InlineData("""[1, 2]""", "a grid file holds one object")]
    [InlineData("""{"models": ["lenet5",""", "invalid JSON")]
    public void BadGridsNameTheFileTheFieldAndTheValue(string json, string expected)
    {
        string path = Write("bad.json", json);
        var error = Assert.Throws<InvalidDataException>(() => SweepGridFile.Load(path));
        Assert.StartsWith(path + ":", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void BadYamlNamesTheFileAndTheField()
    {
        string path = Write("bad.yml", "models: [lenet5]\ndatasets: [mnist]\nsigmas: [0]\nepochs: many\n");
        var error = Assert.Throws<InvalidDataException>(() => SweepGridFile.Load(path));
        Assert.Equal($"{path}: field 'epochs' = \"many\": expected an integer.", error.Message);

        string broken = Write("broken.yaml", "models: [lenet5\n");
        Assert.StartsWith(broken + ": invalid YAML",
            Assert.Throws<InvalidDataException>(() => SweepGridFile.Load(broken)).Message);
    }

    [Fact]
    public void TheShippedExampleGridsParse()
    {
        string docs = Path.Combine(Path.GetDirectoryName(Data.TestDataFiles.RepositoryDataFolder())!, "docs", "grids");
        var quick = SweepGridFile.Load(Path.Combine(docs, "quick.json"));
        Assert.Equal(4, quick.Cells().Count);
        var suppression = SweepGridFile.Load(Path.Combine(docs, "suppression.yaml"));
        Assert.Equal(2 * 5 * 3, suppression.Cells().Count);
    }

    private string Write(string name, string text)
    {
        string path = _folder.File(name);
        File.WriteAllText(path, text);
        return path;
    }
}
