using System.Reflection;
using System.Text.Json.Nodes;
using CorrectNet.Data;
using CorrectNet.Experiments.Caching;
using CorrectNet.Experiments.Profiles;
using CorrectNet.Experiments.Recipes;
using CorrectNet.Experiments.Results;
using CorrectNet.Models;
using CorrectNet.Tests.Training;
using CorrectNet.Training;

namespace CorrectNet.Tests.Experiments.Caching;

public sealed class ResultCacheTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static TrainingSetup Base() =>
        new(new ModelSpec("lenet5"), "fashion-mnist", new DatasetOptions(MaxTrain: 4000, MaxTest: 1000),
            new TrainingConfig());

    /// <summary>The base setup with exactly one leaf field changed, for every leaf field.</summary>
    private static (string Field, TrainingSetup Setup)[] OneFieldChanged()
    {
        var b = Base();
        return
        [
            ("model.name", b with { Model = b.Model with { Name = "mlp" } }),
            ("model.in_channels", b with { Model = b.Model with { InChannels = 3 } }),
            ("model.image_size", b with { Model = b.Model with { ImageSize = 32 } }),
            ("model.classes", b with { Model = b.Model with { Classes = 100 } }),
            ("model.width_multiplier", b with { Model = b.Model with { WidthMultiplier = 0.5 } }),
            ("model.batch_norm", b with { Model = b.Model with { BatchNorm = false } }),
            ("dataset", b with { Dataset = "mnist" }),
            ("data.pad_to32", b with { Data = b.Data with { PadTo32 = true } }),
            ("data.max_train", b with { Data = b.Data with { MaxTrain = null } }),
            ("data.max_test", b with { Data = b.Data with { MaxTest = 999 } }),
            ("training.epochs", b with { Training = b.Training with { Epochs = 11 } }),
            ("training.batch_size", b with { Training = b.Training with { BatchSize = 64 } }),
            ("training.optimizer", b with { Training = b.Training with { Optimizer = OptimizerKind.Adam } }),
            ("training.learning_rate", b with { Training = b.Training with { LearningRate = 0.05000000000000001 } }),
            ("training.momentum", b with { Training = b.Training with { Momentum = 0.8 } }),
            ("training.weight_decay", b with { Training = b.Training with { WeightDecay = 0 } }),
            ("training.schedule", b with { Training = b.Training with { Schedule = ScheduleKind.Step } }),
            ("training.step_epochs", b with { Training = b.Training with { StepEpochs = 29 } }),
            ("training.step_gamma", b with { Training = b.Training with { StepGamma = 0.2 } }),
            ("training.seed", b with { Training = b.Training with { Seed = 2 } }),
            ("training.precision", b with { Training = b.Training with { Precision = TrainingPrecision.Bfloat16 } }),
            ("training.lipschitz.kind",
                b with
                {
                    Training = b.Training with
                    {
                        Lipschitz = b.Training.Lipschitz with { Kind = LipschitzKind.Enhanced }
                    }
                }),
            ("training.lipschitz.beta",
                b with { Training = b.Training with { Lipschitz = b.Training.Lipschitz with { Beta = 0.02 } } }),
            ("training.lipschitz.sigma",
                b with { Training = b.Training with { Lipschitz = b.Training.Lipschitz with { Sigma = 0.4 } } }),
            ("training.lipschitz.batch_norm",
                b with
                {
                    Training = b.Training with
                    {
                        Lipschitz = b.Training.Lipschitz with { BatchNorm = BatchNormInPenalty.Folded }
                    }
                }),
            ("training.lipschitz.excluded_layers",
                b with
                {
                    Training = b.Training with { Lipschitz = b.Training.Lipschitz with { ExcludedLayers = ["fc3"] } }
                }),
            ("training.variation_aware",
                b with
                {
                    Training = b.Training with { VariationAware = CorrectNet.Crossbar.CrossbarConfig.Lognormal(0.5) }
                }),
            ("start", b with { Start = b }),
        ];
    }

    // A nullable record (null by default, e.g. training.variation_aware) counts as one leaf: setting it is one change.
    private static int LeafProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is not null)
            .Sum(p => p.PropertyType.Namespace!.StartsWith("CorrectNet",
                StringComparison.Ordinal) && !p.PropertyType.IsEnum
                      && new NullabilityInfoContext().Create(p).WriteState != NullabilityState.Nullable
                ? LeafProperties(p.PropertyType)
                : 1);

    [Fact]
    public void EqualConfigsGiveEqualKeys()
    {
        string key = ResultCache.KeyOf(Base());

        Assert.Equal(key, ResultCache.KeyOf(Base()));
        Assert.Equal(key,
            ResultCache.KeyOf(Base() with { Training = new TrainingConfig { Epochs = 10 } })); // 10 is the default
        Assert.Matches("^[0-9a-f]{20}$", key);
    }

    [Fact]
    public void ChangingAnyOneFieldChangesTheKey()
    {
        var changed = OneFieldChanged();
        string baseKey = ResultCache.KeyOf(Base());

        // Every settable leaf of the setup is varied above; a new field must be added there too.
        Assert.Equal(LeafProperties(typeof(TrainingSetup)), changed.Length);
        foreach (var (field, setup) in changed)
        {
            Assert.Equal([field], JsonFormat.Differences(Base(), setup).Select(d => d[..d.IndexOf(':')]));
            Assert.NotEqual(baseKey, ResultCache.KeyOf(setup));
        }

        Assert.Equal(changed.Length, changed.Select(c => ResultCache.KeyOf(c.Setup)).Distinct().Count());
    }

    [Fact]
    public void TheKeyDependsOnTheConfigType()
    {
        // Same JSON, different declared type: the type name is part of the key.
        Assert.NotEqual(ResultCache.KeyOf(Base()), ResultCache.KeyOf<object>(Base()));
        Assert.NotEqual(ResultCache.KeyOf(ExperimentProfile.Quick), ResultCache.KeyOf(ExperimentProfile.Quick with
        {
            Pipeline = ExperimentProfile.Quick.Pipeline with { Chips = 6 },
        }));
    }

    [Fact]
    public void PathForWritesTheConfigBesideTheEntry()
    {
        var cache = new ResultCache(_folder.Path);
        var setup = Base();
        string key = ResultCache.KeyOf(setup);

        string path = cache.PathFor("models", setup, ".ckpt");

        Assert.Equal(Path.Combine(_folder.Path, "models", key + ".ckpt"), path);
        Assert.False(File.Exists(path)); // the entry itself is the caller's to write
        string description = Path.Combine(_folder.Path, "models", key + ".config.json");
        Assert.Equal([Path.Combine("models", key + ".config.json")], _folder.Files());
        var json = JsonNode.Parse(File.ReadAllText(description))!;
        Assert.Equal(CorrectNetInfo.Version, (string?)json["version"]);
        Assert.Equal(setup, JsonFormat.Deserialize<TrainingSetup>(json["config"]!.ToJsonString(), description));

        // A second call with the same config finds the same entry and keeps one description.
        Assert.Equal(path, cache.PathFor("models", Base(), ".ckpt"));
        string other = cache.PathFor("models", setup with { Dataset = "mnist" }, ".ckpt");
        Assert.NotEqual(path, other);
        Assert.Equal(2, _folder.Files().Length);
        Assert.DoesNotContain(_folder.Files(), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void RootIsAbsolute()
    {
        Assert.True(Path.IsPathFullyQualified(new ResultCache("relative/cache").Root));
    }

    /// <summary>
    /// Keys hash their type's name: the cache key types moved from CorrectNet.Experiments to
    /// CorrectNet.Experiments.Caching keep the name they had, so a filled cache is still found.
    /// </summary>
    [Fact]
    public void MovedKeyTypesHashTheNameTheyHadWhenTheirEntriesWereWritten()
    {
        var key = new MonteCarloCacheKey(Base(), CorrectNet.Crossbar.CrossbarConfig.Lognormal(0.5), 3, 1, 0,
            "fashion-mnist/test", 200, "fashion-mnist/train", 64, 500, new CorrectNet.Crossbar.AdcEnergyModel());
        string canonical = JsonFormat.Serialize(new
        {
            type = "CorrectNet.Experiments.MonteCarloCacheKey",
            version = CorrectNetInfo.Version,
            config = key,
        });
        string expected = Convert.ToHexStringLower(
            System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonical)))[..20];

        Assert.Equal(expected, ResultCache.KeyOf(key));
        Type[] moved =
        [
            typeof(MonteCarloCacheKey), typeof(PlacementCacheKey), typeof(SensitivityCacheKey),
            typeof(ErrorProbeCacheKey), typeof(CompensatedEvaluationKey),
        ];
        Assert.All(moved, t => Assert.Equal("CorrectNet.Experiments." + t.Name,
            t.GetCustomAttribute<CacheKeyNameAttribute>()?.Name));
    }
}
