using CorrectNet.Evaluation;
using CorrectNet.Experiments.Caching;
using CorrectNet.Experiments.Profiles;
using CorrectNet.Experiments.Recipes;
using CorrectNet.Experiments.Results;
using CorrectNet.Tests.Crossbar;
using CorrectNet.Tests.Training;

namespace CorrectNet.Tests.Experiments.Recipes;

/// <summary>The pipeline of docs/method.md F37 on a tiny MLP: stages compose, every method shares the unseen chips, a
/// rerun trains nothing.</summary>
[Collection(ModuleBuildingCollection.Name)]
public sealed class PipelineRecipesTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static readonly ExperimentProfile Tiny = ExperimentProfile.Quick with
    {
        Training = ExperimentProfile.Quick.Training with { Epochs = 1 },
        MonteCarlo = ExperimentProfile.Quick.MonteCarlo with
        {
            // σ = 2.0 lies above the network's highest σ, so no curve may reach it.
            Sigmas = [0, 1.0, 2.0],
            HighestSigmaByModel = new Dictionary<string, double> { ["MLP"] = 1.0 },
            CalibrationImages = 32,
            CrossbarChips = 1,
            CrossbarMaxTest = 48,
        },
        Quantization = ExperimentProfile.Quick.Quantization with { Chips = 1, UnseenChips = 1, MaxTest = 48 },
        Placement = ExperimentProfile.Quick.Placement with
        {
            CompensationSteps = 4,
            Chips = 1,
            MaxTest = 48,
            SensitivityChips = 1,
            Episodes = 4,
        },
        Pipeline = ExperimentProfile.Quick.Pipeline with { Chips = 2, MaxTest = 48 },
    };

    private static readonly PipelineOptions Options = new() { Beta = 0.001, AdcNoiseLsb = 0.5, MaxDrop = 0.05 };

    [Fact]
    public void StagesComposeOnSharedChipsAndARerunComesFromTheCache()
    {
        using var data = TrainingTestData.Synthetic();
        var context = new ExperimentContext(new ResultCache(_folder.Path));

        using var first = PipelineRecipes.Run("mlp", "synthetic", data, Tiny, context, Options);
        Assert.Equal(1.0, first.Sigma); // the network's highest σ
        // Stage 1 trained its candidates to choose among them; the pipeline's model is the chosen one.
        Assert.Equal(Options.FirstStages, first.FirstStage.Candidates.Select(c => c.Method));
        Assert.Equal(first.FirstStage.Chosen.Method == SuppressionMethods.EnhancedVariationAware,
            first.Models.Suppressed.Header.Setup.Training.VariationAware is not null);
        Assert.Equal(CorrectNet.Training.LipschitzKind.Enhanced,
            first.Models.Suppressed.Header.Setup.Training.Lipschitz.Kind);
        Assert.Equal(0.001, first.Models.Suppressed.Header.Setup.Training.Lipschitz.Beta);
        Assert.Equal(CorrectNet.Training.LipschitzKind.None, first.Models.Plain.Header.Setup.Training.Lipschitz.Kind);

        // The chosen quantization setting is the pipeline's hardware; the baselines run on the reference setting.
        Assert.Equal(0.5, Options.QuantizationFor(Tiny).Sigma); // searched at the design σ
        Assert.Equal(first.Quantization.Search.Chosen.Setting.ToCrossbarConfig(Options.QuantizationFor(Tiny,
            1.0).Hardware()), first.Hardware.Chosen);
        Assert.Equal(first.Quantization.Search.Reference.Setting.ToCrossbarConfig(Options.QuantizationFor(Tiny,
            1.0).Hardware()), first.Hardware.Reference);
        Assert.Equal(1.0, first.Hardware.Chosen.Variation.Sigma);
        // The units sit where the placement put them, on the suppressed model.
        Assert.Equal(first.Placed.Report.LayersOf(first.Placed.Report["rl"].Best.Placement), first.Placed.Layers);
        Assert.Equal(first.Placed.Layers, first.Placed.Outcome?.Units.Select(u => u.Layer).ToList() ?? []);

        // Every method, at the evaluation σ on chips 0 … N − 1 of the unseen seed, and at every other σ of the curves
        // on the first CrossbarChips of them; at the evaluation σ the curve's point is the table's result.
        Assert.Equal(PipelineMethods.All, first.Methods.Select(m => m.Method));
        foreach (var (results, chips) in new[] { (first.Methods.Select(m => m.Result), Tiny.Pipeline.Chips),
            (first.Curves.Where(p => p.Sigma != first.Sigma).Select(p => p.Result), Tiny.MonteCarlo.CrossbarChips) })
            foreach (var result in results)
            {
                Assert.Equal(Options.UnseenSeed, result.Seed);
                Assert.Equal(0, result.FirstChip);
                Assert.Equal(chips, result.Chips);
            }
        Assert.Equal(2 * PipelineMethods.All.Count, first.Curves.Count);
        foreach (var m in first.Methods)
            Assert.Same(m.Result, first.Curves.Single(p => p.Sigma == first.Sigma
                && p.Series.EndsWith(", " + m.Method)).Result);
        Assert.True(Tiny.Pipeline.Chips > Tiny.MonteCarlo.CrossbarChips); // so the test tells the two apart
        // The curves' reference is the plain model's variation-free accuracy, and every reach is a σ of the curves.
        Assert.Equal(first.Curves.First(p => p.Series.EndsWith(", " + PipelineMethods.Plain)).Result.CleanAccuracy,
            first.CurveReference);
        foreach (string method in PipelineMethods.All)
            if (first.SigmaKeeping(method) is { } reach) Assert.Contains(reach, new[] { 0.0, 1.0 });
        Assert.DoesNotContain(first.Curves, p => p.Sigma > 1.0);
        Assert.Equal(first[PipelineMethods.Pipeline].Mean / first.CleanAccuracy, first.RecoveryRatio, 12);
        Assert.Equal(first.Quantization.AdcPowerReductionPct, first.AdcPowerReductionPct);
        // The uniform baseline (F34a): one b_c and one ADC resolution everywhere, never dearer than the reference.
        var uniform = first.Quantization.Uniform!;
        Assert.Single(uniform.Setting.Layers.Select(l => (l.BitsPerCell, l.AdcBits, l.WeightBits)).Distinct());
        Assert.True(uniform.Cost.TotalPicojoules <= first.Quantization.ReferenceCost.TotalPicojoules);
        // Both hold where the choice was checked, so the kept setting is never dearer than the baseline.
        Assert.True(first.Quantization.ChosenCost.TotalPicojoules <= uniform.Cost.TotalPicojoules);
        if (first.Quantization.KeptUniform) Assert.Equal(uniform.Setting, first.Quantization.Search.Chosen.Setting);
        Assert.Equal(first.Quantization.ReferenceUnseen.Chips, uniform.Unseen.Chips);

        // Notebook 06 asks for the same study (stage 1's model, the pipeline's options): it computes nothing and
        // shows exactly the numbers the pipeline used.
        var work = Assert.IsType<QuantizationWork>(first.Quantization.Work);
        Assert.True(work.Computed > 0 && work.Computed <= work.Requested);
        using var studied = PipelineRecipes.SuppressedModel("mlp", "synthetic", data, Tiny, context, Options);
        Assert.True(studied.FromCache);
        Assert.Equal(first.Models.Suppressed.CheckpointPath, studied.CheckpointPath);
        int filesBeforeStudy = _folder.Files().Length;
        var study = PipelineRecipes.Quantize(studied, data, Tiny, context, Options);
        Assert.Equal(0, study.Work!.Computed);
        Assert.Equal(work, study.Work with { Computed = work.Computed });
        Assert.Equal(filesBeforeStudy, _folder.Files().Length);
        Assert.Equal(first.Quantization.Search.Chosen.Setting, study.Search.Chosen.Setting);
        Assert.Equal(first.Quantization.Search.Evaluated.Select(c => c.Accuracy),
            study.Search.Evaluated.Select(c => c.Accuracy));
        Assert.Equal(first.Quantization.ChosenUnseen.ChipAccuracies, study.ChosenUnseen.ChipAccuracies);
        Assert.Equal(first.Quantization.Uniform!.Setting, study.Uniform!.Setting);

        int files = _folder.Files().Length;
        using var second = PipelineRecipes.Run("mlp", "synthetic", data, Tiny, context, Options);
        Assert.Equal(0, second.Quantization.Work!.Computed);
        Assert.True(second.Models.Plain.FromCache && second.Models.VariationAware.FromCache
            && second.Models.Suppressed.FromCache);
        Assert.Equal(0, second.Placed.Report.TrainedPlacements);
        Assert.Equal(0, second.Baseline.Report.TrainedPlacements);
        // The rerun places the same layers, and has units exactly where it placed some (read back: see the end).
        Assert.Equal(first.Placed.Layers, second.Placed.Layers);
        Assert.Equal(first.Baseline.Layers, second.Baseline.Layers);
        Assert.Equal(second.Placed.Layers.Count > 0, second.Placed.Outcome is not null);
        Assert.Equal(second.Baseline.Layers.Count > 0, second.Baseline.Outcome is not null);
        Assert.Equal(files, _folder.Files().Length); // nothing new was computed or stored
        Assert.Equal(first.Methods.Select(m => m.Result.ChipAccuracies),
            second.Methods.Select(m => m.Result.ChipAccuracies));
        Assert.Equal(first.Quantization.Search.Chosen.Setting, second.Quantization.Search.Chosen.Setting);

        // The placement was searched on the variation model alone at the evaluation σ: the same search there trains
        // nothing.
        var again = CompensationRecipes.Place(first.Models.Suppressed, data,
            CorrectNet.Crossbar.CrossbarConfig.Lognormal(1.0),
            Tiny with { Placement = Tiny.Placement with { Episodes = Tiny.Pipeline.PlacementEpisodes!.Value } },
            [Options.Placement], context, Options.Alpha,
            Options.Measure, Options.PlacementSeed);
        Assert.Equal(0, again.TrainedPlacements);
        Assert.Equal(first.Placed.Layers, again.LayersOf(again[Options.Placement].Best.Placement));

        // With PlacementOnHardware the search runs on the pipeline's hardware: the same search there trains nothing.
        using var onHardware = PipelineRecipes.Run("mlp", "synthetic", data, Tiny, context,
            Options with { PlacementOnHardware = true });
        var there = CompensationRecipes.Place(onHardware.Models.Suppressed, data, onHardware.Hardware.Chosen,
            Tiny with { Placement = Tiny.Placement with { Episodes = Tiny.Pipeline.PlacementEpisodes!.Value } },
            [Options.Placement], context, Options.Alpha,
            Options.Measure, Options.PlacementSeed);
        Assert.Equal(0, there.TrainedPlacements);
        Assert.Equal(onHardware.Placed.Layers, there.LayersOf(there[Options.Placement].Best.Placement));

        // Units on every layer (the small RL search above may place none) are trained once, then read from the cache.
        var everywhere = Options with { Placement = "all" };
        using (var trainedUnits = PipelineRecipes.Run("mlp", "synthetic", data, Tiny, context, everywhere))
        {
            Assert.NotEmpty(trainedUnits.Placed.Layers);
            Assert.False(Assert.IsType<CompensationOutcome>(trainedUnits.Placed.Outcome).FromCache);
            Assert.False(Assert.IsType<CompensationOutcome>(trainedUnits.Baseline.Outcome).FromCache);
        }
        using var cachedUnits = PipelineRecipes.Run("mlp", "synthetic", data, Tiny, context, everywhere);
        Assert.True(Assert.IsType<CompensationOutcome>(cachedUnits.Placed.Outcome).FromCache);
        Assert.True(Assert.IsType<CompensationOutcome>(cachedUnits.Baseline.Outcome).FromCache);
    }

    /// <summary>Notebooks 06 and 07 ask for the same study: the second request computes no chip-evaluation, writes
    /// no file and returns the first one's numbers.</summary>
    [Fact]
    public void ASecondStudyRequestWithTheSameInputsComputesNothing()
    {
        using var data = TrainingTestData.Synthetic();
        var context = new ExperimentContext(new ResultCache(_folder.Path));
        using var suppressed = PipelineRecipes.SuppressedModel("mlp", "synthetic", data, Tiny, context, Options);
        var first = PipelineRecipes.Quantize(suppressed, data, Tiny, context, Options);
        var work = Assert.IsType<QuantizationWork>(first.Work);
        // Tiny: 1 search chip (the search's settings, then the uniform baseline's), 1 unseen, 2 validation chips.
        Assert.True(work.Search >= first.Search.Evaluated.Count);
        Assert.InRange(work.Unseen, 1, 3); // reference, choice, uniform baseline (some may coincide)
        Assert.True(work.Validation > 0 && work.Validation % Tiny.Quantization.ValidationChips == 0);
        Assert.True(work.Computed > 0 && work.Computed <= work.Requested);
        int files = _folder.Files().Length;

        var second = PipelineRecipes.Quantize(suppressed, data, Tiny, context, Options);

        Assert.Equal(0, second.Work!.Computed);
        Assert.Equal(work with { Computed = 0 }, second.Work);
        Assert.Equal(files, _folder.Files().Length);
        Assert.Equal(first.Search.Chosen.Setting, second.Search.Chosen.Setting);
        Assert.Equal(first.Search.Evaluated.Select(c => (c.Setting.Key, c.Accuracy)),
            second.Search.Evaluated.Select(c => (c.Setting.Key, c.Accuracy)));
        Assert.Equal(first.ChosenUnseen.ChipAccuracies, second.ChosenUnseen.ChipAccuracies);
        Assert.Equal(first.Uniform!.Setting, second.Uniform!.Setting);
        // Other chip seeds make another study, computed anew.
        var other = PipelineRecipes.Quantize(suppressed, data, Tiny, context, Options with { QuantizationSeed = 5 });
        Assert.True(other.Work!.Computed > 0);
    }

    /// <summary>Stage 1 (F37): every candidate on the same validation chips (the quantization check's, never the
    /// final ones) at the evaluation σ; the highest mean wins, and it is the model the pipeline and notebook 06
    /// use.</summary>
    [Fact]
    public void StageOneIsTheCandidateWithTheHighestAccuracyOnTheValidationChips()
    {
        using var data = TrainingTestData.Synthetic();
        var context = new ExperimentContext(new ResultCache(_folder.Path));

        var choice = PipelineRecipes.ChooseFirstStage("mlp", "synthetic", data, Tiny, context, Options);

        Assert.Equal(Options.FirstStages, choice.Candidates.Select(c => c.Method));
        long validationSeed = Options.QuantizationFor(Tiny).ValidationSeed;
        foreach (var candidate in choice.Candidates)
        {
            var v = Assert.IsType<MonteCarloResult>(candidate.Validation);
            Assert.Equal((validationSeed, 0L, Tiny.Quantization.ValidationChips), (v.Seed, v.FirstChip, v.Chips));
            Assert.NotEqual(Options.UnseenSeed, v.Seed);
        }
        Assert.Equal(choice.Candidates.Max(c => c.Validation!.Mean), choice.Chosen.Validation!.Mean);
        using var suppressed = PipelineRecipes.SuppressedModel("mlp", "synthetic", data, Tiny, context, Options);
        Assert.Equal(choice.Chosen.Method == SuppressionMethods.EnhancedVariationAware,
            suppressed.Header.Setup.Training.VariationAware is not null);

        var alone = PipelineRecipes.ChooseFirstStage("mlp", "synthetic", data, Tiny, context,
            Options with { FirstStages = [SuppressionMethods.Enhanced] });
        Assert.Null(Assert.Single(alone.Candidates).Validation); // nothing to choose: nothing evaluated
    }

    /// <summary>A repetition (F37 "Seeds") trains every model of the comparison with its own seed and evaluates on
    /// the same unseen chips.</summary>
    [Fact]
    public void AnotherTrainingSeedTrainsItsOwnModelsAndSharesTheChips()
    {
        using var data = TrainingTestData.Synthetic();
        var context = new ExperimentContext(new ResultCache(_folder.Path));
        var fast = Options with { Sigmas = [] };

        using var first = PipelineRecipes.Run("mlp", "synthetic", data, Tiny, context, fast);
        using var second = PipelineRecipes.Run("mlp", "synthetic", data, Tiny, context, fast with { TrainingSeed = 2 });

        TrainedModel[] models = [second.Models.Plain, second.Models.VariationAware, second.Models.Suppressed];
        Assert.All(models, m => Assert.Equal(2, m.Header.Setup.Training.Seed));
        Assert.NotEqual(first.Models.Plain.CheckpointPath, second.Models.Plain.CheckpointPath);
        Assert.Equal(first.Methods.Select(m => (m.Method, m.Result.Seed, m.Result.Chips)),
            second.Methods.Select(m => (m.Method, m.Result.Seed, m.Result.Chips)));
        var record = PipelineSeedRecord.Of(second, Tiny.Name, 2);
        Assert.Equal((2L, second.FirstStage.Chosen.Method), (record.TrainingSeed, record.FirstStage));
        Assert.Equal(second[PipelineMethods.Pipeline].ChipAccuracies,
            record.Methods.Single(m => m.Method == PipelineMethods.Pipeline).Chips);
    }

    /// <summary>The BatchNorm stage (F36a) reaches the quantization study and re-estimates nothing on a network
    /// without BatchNorm: the whole pipeline comes from the cache of the run without it.</summary>
    [Fact]
    public void TheBatchNormStageChangesNothingWithoutBatchNorm()
    {
        var on = Options with { BatchNormRecalibration = true, Sigmas = [] };
        Assert.Equal(Tiny.MonteCarlo.CalibrationImages, on.QuantizationFor(Tiny).BatchNormImages);
        Assert.Null((on with { BatchNormRecalibration = false }).QuantizationFor(Tiny).BatchNormImages);
        using var data = TrainingTestData.Synthetic();
        var context = new ExperimentContext(new ResultCache(_folder.Path));
        using var without = PipelineRecipes.Run("mlp", "synthetic", data, Tiny, context, on with
        {
            BatchNormRecalibration = false,
        });
        int files = _folder.Files().Length;

        using var with = PipelineRecipes.Run("mlp", "synthetic", data, Tiny, context, on);

        Assert.Equal(files, _folder.Files().Length);
        Assert.Equal(without.Methods.Select(m => m.Result.ChipAccuracies.ToArray()),
            with.Methods.Select(m => m.Result.ChipAccuracies.ToArray()));
    }

    [Fact]
    public void OnATieStageOneKeepsTheEarlierCandidate()
    {
        static MonteCarloResult Chips(params double[] accuracies) => new("", 11, 0, accuracies, 0.9, null);
        var tie = new FirstStageChoice([new("enhanced", Chips(0.5, 0.7)), new("other", Chips(0.7, 0.5))]);
        Assert.Equal("enhanced", tie.Chosen.Method);
        var better = new FirstStageChoice([new("enhanced", Chips(0.5, 0.7)), new("other", Chips(0.7, 0.51))]);
        Assert.Equal("other", better.Chosen.Method);
        // A diverged training is left out; with none left there is nothing to choose.
        var diverged = new FirstStageChoice([new("enhanced", null, "loss is NaN"), new("other", Chips(0.2, 0.2))]);
        Assert.Equal("other", diverged.Chosen.Method);
        Assert.Throws<InvalidOperationException>(() =>
            new FirstStageChoice([new("enhanced", null, "loss is NaN")]).Chosen);
    }

    [Fact]
    public void StageOneCandidatesAreKnownTrainingsNamedOnce()
    {
        Assert.Throws<ArgumentException>(() => new PipelineOptions { FirstStages = [] }.Validate());
        Assert.Throws<ArgumentException>(() => new PipelineOptions { FirstStages = ["lipschitz"] }.Validate());
        Assert.Throws<ArgumentException>(() => new PipelineOptions
        {
            FirstStages = [SuppressionMethods.Enhanced, SuppressionMethods.Enhanced],
        }.Validate());
    }

    [Fact]
    public void TheFinalChipsMustBeUnseenByEveryStage()
    {
        Assert.Throws<ArgumentException>(() =>
            new PipelineOptions { UnseenSeed = 1 }.Validate()); // placement and quantization search chips
        Assert.Throws<ArgumentException>(() =>
            new PipelineOptions { UnseenSeed = 2 }.Validate()); // the quantization study's unseen report
        Assert.Throws<ArgumentException>(() => new PipelineOptions { Placement = "oracle" }.Validate());
        Assert.Equal(1.0, new PipelineOptions().SigmaFor(ExperimentProfile.Default, "lenet5"));
        Assert.Equal(0.7, new PipelineOptions().SigmaFor(ExperimentProfile.Default, "vgg16")); // HighestSigmaByModel
        Assert.Equal(0.4, new PipelineOptions { EvaluationSigma = 0.4 }.SigmaFor(ExperimentProfile.Default, "vgg16"));
        Assert.Equal(ExperimentProfile.Default.Training.SuppressionBeta,
            new PipelineOptions().BetaFor(ExperimentProfile.Default, "lenet5"));
        Assert.Equal(0.01, new PipelineOptions().BetaFor(ExperimentProfile.Default, "vgg16"));
        Assert.Throws<ArgumentException>(() =>
            new PipelineOptions { UnseenSeed = 11 }.Validate()); // the quantization check's validation chips
        new PipelineOptions().Validate();
    }

    [Fact]
    public void ProfilesNameTheirNetworks()
    {
        Assert.Equal([("lenet5", "fashion-mnist")], PipelineRecipes.Networks(ExperimentProfile.Quick));
        Assert.Contains(("vgg16", "fashion-mnist"), PipelineRecipes.Networks(ExperimentProfile.Default));
        Assert.Contains(("vgg16", "cifar100"), PipelineRecipes.Networks(ExperimentProfile.Paper));
        Assert.Throws<ArgumentException>(() => PipelineRecipes.Networks(ExperimentProfile.Quick with
        {
            Pipeline = ExperimentProfile.Quick.Pipeline with { Networks = ["lenet5"] },
        }));
    }
}
