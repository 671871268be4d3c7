using CorrectNet.Compensation;
using CorrectNet.Evaluation;
using CorrectNet.Experiments.Profiles;
using CorrectNet.Experiments.Results;
using CorrectNet.Notebooks;

namespace CorrectNet.Tests.Notebooks;

/// <summary>
/// Notebook 07's reading is computed from the run (<see cref="HeadlineReading"/>): fed a small synthetic result, it
/// must print that result's numbers and the verdicts they imply, and change its wording when the numbers change.
/// </summary>
public class HeadlineReadingTests
{
    private const string Network = "LeNet-5 / fashion-mnist";

    /// <summary>
    /// One network at σ = 1, clean 90%: three chips per method at σ = 1, curves at σ = 0, 0.5, 1 against a
    /// variation-free 90% (95% of it: 85.5%); three units over C5's 5%; C1, C2, C4 hold, C3 and C5 do not.
    /// </summary>
    private static HeadlineFacts Facts() => new(
        Network,
        Sigma: 1.0,
        ProfileHighestSigma: null,
        CleanAccuracy: 0.9,
        Methods:
        [
            Method(PipelineMethods.Plain, 0.2, 0.3, 0.4),
            Method(PipelineMethods.VariationAware, 0.45, 0.5, 0.55),
            Method(PipelineMethods.Suppression, 0.3, 0.35, 0.4),
            Method(PipelineMethods.Compensation, 0.3, 0.32, 0.34),
            Method(PipelineMethods.SuppressionQuantization, 0.25, 0.36, 0.47),
            Method(PipelineMethods.Pipeline, 0.35, 0.4, 0.45),
        ],
        CurveReference: 0.9,
        Curves:
        [
            .. Curve(PipelineMethods.Plain, 0.9, 0.6, 0.3),
            .. Curve(PipelineMethods.VariationAware, 0.8, 0.85, 0.5),
            .. Curve(PipelineMethods.Suppression, 0.88, 0.7, 0.35),
            .. Curve(PipelineMethods.Compensation, 0.87, 0.62, 0.33),
            .. Curve(PipelineMethods.SuppressionQuantization, 0.89, 0.72, 0.36),
            .. Curve(PipelineMethods.Pipeline, 0.8, 0.84, 0.45),
        ],
        Claims:
        [
            Claim("C1", true), Claim("C2", true), Claim("C3", false), Claim("C4", true), Claim("C5", false),
        ],
        AdcPowerReductionPct: 96.9,
        QuantizationLoss: -0.0018,
        QuantizationSigma: 0.5,
        MaxDrop: 0.01,
        DesignSigma: 0.5,
        Alpha: 1.0,
        Placement: "rl",
        PlacedLayers: ["conv1", "conv2", "fc1"],
        Overhead: Cost(parameters: 622, macs: 4660),
        Seconds: 18.4,
        ModelTrainingSeconds: 1234.4,
        UnitTrainingSeconds: 56,
        TrainedNow: []);

    private static PipelineMethodResult Method(string method, params double[] chips) =>
        new(method, "reference", new MonteCarloResult(method, 3, 0, chips, 0.9, null));

    /// <summary>A curve at σ = 0, 0.5, 1, … (steps of 0.5).</summary>
    private static IEnumerable<(string Method, double Sigma, double Mean)> Curve(string method, params double[] means)
        => means.Select((m, i) => (method, 0.5 * i, m));

    private static ClaimCheck Claim(string claim, bool holds) =>
        new(claim, Network, "paper", $"{claim} measured", holds);

    /// <summary>Units against a base network of 10 000 parameters and 100 000 MACs (percentages = value / 100).
    /// </summary>
    private static CompensationCost Cost(long parameters, long macs) =>
        new(3, parameters, macs, 32 * parameters, 10_000, 100_000, 320_000, 32, 32);

    /// <summary>The one line of the reading that starts with <paramref name="start"/>, without its indent.</summary>
    private static string Line(HeadlineFacts facts, string start) =>
        HeadlineReading.Reading([facts]).Select(l => l.TrimStart())
            .Single(l => l.StartsWith(start, StringComparison.Ordinal));

    [Fact]
    public void SaysWhichClaimsHoldAndWhichDoNotPerNetwork()
    {
        var other = Facts() with
        {
            Network = "VGG-16 / fashion-mnist",
            Claims = [.. Facts().Claims.Select(c =>
                c with { Network = "VGG-16 / fashion-mnist", Holds = c.Claim != "C3" })],
        };
        var lines = HeadlineReading.Reading([Facts(), other]);
        Assert.Equal("What holds: C1 (LeNet-5 / fashion-mnist, VGG-16 / fashion-mnist), C2 (LeNet-5 / fashion-mnist, " +
                     "VGG-16 / fashion-mnist), C4 (LeNet-5 / fashion-mnist, VGG-16 / fashion-mnist), " +
                     "C5 (VGG-16 / fashion-mnist).", lines[0]);
        Assert.Equal("What does not: C3 (LeNet-5 / fashion-mnist, VGG-16 / fashion-mnist), " +
                     "C5 (LeNet-5 / fashion-mnist).", lines[1]);
        Assert.Equal("This notebook's pipeline calls took 37 s in all.", lines[^1]);

        var allHold = Facts() with { Claims = [.. Facts().Claims.Select(c => c with { Holds = true })] };
        Assert.Equal("What does not: nothing; every claim holds on every network.",
            HeadlineReading.Reading([allHold])[1]);
    }

    [Fact]
    public void RecoveryGivesTheConfidenceIntervalAsAShareOfCleanAndWhatItDecides()
    {
        // Pipeline chips 35, 40, 45%: mean 40% = 44.4% of 90%; CI 40 ± t(2) · 5 / √3 = 27.6–52.4% (in %),
        // = 30.6–58.2% of clean.
        Assert.Equal("C3: the pipeline keeps 40.0% of the clean 90.0% = 44.4% (95% CI of the mean 27.6%–52.4% = " +
                     "30.6%–58.2% of clean); the whole interval is below 95%: 50.6 points short at the mean.",
            Line(Facts(), "C3:"));

        var straddling = Facts() with { Methods = WithPipeline(0.80, 0.86, 0.92) };
        Assert.EndsWith("the interval contains 95%: 3 chips do not decide C3.", Line(straddling, "C3:"));

        var above = Facts() with { Methods = WithPipeline(0.87, 0.875, 0.88) };
        Assert.EndsWith("the whole interval is above 95%.", Line(above, "C3:"));
    }

    [Fact]
    public void StageOneLineNamesTheChosenTrainingAndEveryCandidatesValidationAccuracy()
    {
        static MonteCarloResult Chips(params double[] accuracies) => new("", 11, 0, accuracies, 0.9, null);
        var chosen = Facts() with
        {
            FirstStage = new FirstStageChoice([new("enhanced", Chips(0.40, 0.50)),
                new("enhanced + variation-aware", Chips(0.60, 0.70))]),
        };
        Assert.Equal("Stage 1: enhanced + variation-aware, chosen on 2 validation chips at σ = 1 on the reference " +
                     "setting (65.0%; enhanced 45.0%).", Line(chosen, "Stage 1:"));
        var diverged = Facts() with
        {
            FirstStage = new FirstStageChoice([new("enhanced", Chips(0.40, 0.50)),
                new("enhanced + variation-aware", null, "loss is NaN")]),
        };
        Assert.Equal("Stage 1: enhanced, chosen on 2 validation chips at σ = 1 on the reference setting (45.0%; " +
                     "enhanced + variation-aware: training diverged).", Line(diverged, "Stage 1:"));
        // Nothing to choose, or not known: no line.
        var single = Facts() with { FirstStage = new FirstStageChoice([new("enhanced", null)]) };
        Assert.DoesNotContain(HeadlineReading.Reading([single]), l => l.TrimStart().StartsWith("Stage 1:"));
        Assert.DoesNotContain(HeadlineReading.Reading([Facts()]), l => l.TrimStart().StartsWith("Stage 1:"));
    }

    private static IReadOnlyList<PipelineMethodResult> WithPipeline(params double[] chips) =>
        [.. Facts().Methods.Select(m => m.Method == PipelineMethods.Pipeline ? Method(m.Method, chips) : m)];

    [Fact]
    public void AdcLineWeighsTheSavingAndBothAccuracyChanges()
    {
        Assert.Equal("C4: the chosen setting spends 96.9% less ADC energy than the reference (meets the paper's 55%) " +
                     "and gains 0.18 points on the quantization study's unseen chips at σ = 0.5 " +
                     "(within δ = 1 point(s)); " +
                     "at σ = 1, suppression + quantization against suppression alone: +1.0 points.",
            Line(Facts(), "C4:"));

        string worse = Line(Facts() with { AdcPowerReductionPct = 40, QuantizationLoss = 0.025 }, "C4:");
        Assert.Contains("spends 40.0% less ADC energy than the reference (misses the paper's 55%)", worse);
        Assert.Contains("loses 2.50 points on the quantization study's unseen chips at σ = 0.5 (beyond δ", worse);
    }

    [Fact]
    public void UnitsLineNamesTheLayersAndExplainsAnOverheadAboveFivePercent()
    {
        Assert.Equal("C5: at α = 1 the agent's best placement puts 3 unit(s) on conv1, conv2, fc1: " +
                     "+6.22% parameters, +4.66% MACs, over C5's 5%: the reward (docs/method.md F31) prices the " +
                     "overhead but does not cap it.",
            Line(Facts(), "C5:"));
        Assert.EndsWith("+2.27% parameters, +2.59% MACs, within C5's 5%.",
            Line(Facts() with { Overhead = Cost(227, 2590) }, "C5:"));
        Assert.Equal("C5: at α = 1 the agent's best placement has no units.",
            Line(Facts() with { Overhead = null, PlacedLayers = [] }, "C5:"));
    }

    [Fact]
    public void SigmaLineDerivesTheDeviceFactorsFromSigma()
    {
        Assert.Equal("σ = 1: a device's conductance is multiplied by 0.37 to 2.72 at ±1σ and by e^(σ²/2) = 1.65 on " +
                     "average (docs/method.md F10).", Line(Facts(), "σ = 1:"));
        Assert.Contains("by 0.50 to 2.01 at ±1σ and by e^(σ²/2) = 1.28",
            Line(Facts() with { Sigma = 0.7 }, "σ = 0.7:"));
    }

    [Fact]
    public void AStopBelowTheProfilesHighestSigmaIsExplained()
    {
        var lines = HeadlineReading.Reading([Facts() with { Sigma = 0.7, ProfileHighestSigma = 1.0 }]);
        Assert.Contains("LeNet-5 / fashion-mnist at σ = 0.7, below the profile's highest σ = 1: " +
                        "ExperimentProfile.MonteCarlo.HighestSigmaByModel stops it where not every method measured " +
                        "is at chance " +
                        "(docs/method.md F37):", lines);
        Assert.Contains("LeNet-5 / fashion-mnist at σ = 1:", HeadlineReading.Reading([Facts()]));
    }

    [Fact]
    public void CurvesGiveTheUnitsCostAtTheLowestSigmaAndTheReach()
    {
        Assert.Equal("the units were trained at σ = 1 and are kept as they are below it: at σ = 0 the pipeline gets " +
                     "80.0% against 89.0% without units (suppression + quantization): they cost 9.0 points there.",
            Line(Facts(), "the units were trained"));
        Assert.Equal("reach: 95% of the variation-free 90.0% is 85.5%; the pipeline stays below it at every σ of the " +
                     "curves (best: 84.0% at σ = 0.5); plain training keeps it up to σ = 0.",
            Line(Facts(), "reach:"));

        var level = Facts() with
        {
            Curves = [.. Facts().Curves.Select(c =>
            c.Method == PipelineMethods.Pipeline && c.Sigma == 0 ? c with { Mean = 0.89 } : c)]
        };
        Assert.EndsWith("89.0% without units (suppression + quantization): they make no difference there.",
            Line(level, "the units were trained"));

        var reaching = Facts() with
        {
            Curves = [.. Facts().Curves.Select(c => c.Method == PipelineMethods.Pipeline
            ? c with { Mean = 0.86 } : c)]
        };
        Assert.Contains("; the pipeline keeps it at every σ of the curves;", Line(reaching, "reach:"));
    }

    [Fact]
    public void LeaderLineFindsWhereThePipelineBeatsEveryOtherMethod()
    {
        Assert.Equal("on the curves the pipeline does not lead at their highest σ = 1: variation-aware does " +
                     "(50.0% against 45.0%).", Line(Facts(), "on the curves"));

        var leading = Facts() with
        {
            Curves = [.. Facts().Curves.Select(c =>
            c.Method == PipelineMethods.VariationAware && c.Sigma == 1.0 ? c with { Mean = 0.4 } : c)]
        };
        Assert.Equal("on the curves the pipeline beats every other method from σ = 1 upwards (45.0% against 40.0% " +
                     "for variation-aware, the next best, at σ = 1); at σ = 0.5 variation-aware is level or ahead " +
                     "(85.0% against 84.0%).", Line(leading, "on the curves"));
    }

    [Fact]
    public void SpreadLineSaysWhetherTheUnitsRaiseTheWorstChip()
    {
        Assert.Equal("chip to chip at σ = 1 over 3 chips: plain 20.0%–40.0%, pipeline 35.0%–45.0%; without units " +
                     "(suppression + quantization) 25.0%–47.0%: the units move the mean from 36.0% to 40.0% and the " +
                     "worst chip from 25.0% to 35.0% (they raise it); the spread (best − worst) goes from " +
                     "22.0 points to 10.0 points.", Line(Facts(), "chip to chip"));
        Assert.Contains("(they do not raise it)",
            Line(Facts() with { Methods = WithPipeline(0.2, 0.5, 0.5) }, "chip to chip"));
    }

    [Fact]
    public void VariationAwareLineReadsItsRankItsCostAtTheLowestSigmaAndItsPeak()
    {
        Assert.Equal("variation-aware training (at σ = 0.5, float model) gets 50.0% at σ = 1, the best method there; " +
                     "at σ = 0 it gets 80.0% against plain training's 90.0% (it costs 10.0 points); its curve peaks " +
                     "at σ = 0.5 (85.0%), not at the lowest σ: it is tuned to chips near its training σ (with " +
                     "BatchNorm, through the running statistics; docs/method.md §5).",
            Line(Facts(), "variation-aware"));

        var flat = Facts() with
        {
            Methods = WithPipeline(0.6, 0.6, 0.6),
            Curves = [.. Facts().Curves.Select(c =>
                c.Method == PipelineMethods.VariationAware && c.Sigma == 0.5 ? c with { Mean = 0.7 } : c)],
        };
        Assert.Contains("at σ = 0 it gets 90.0% against plain training's 90.0% (it is level with it);",
            Line(Facts() with
            {
                Curves = [.. Facts().Curves.Select(c =>
                c.Method == PipelineMethods.VariationAware && c.Sigma == 0 ? c with { Mean = 0.9 } : c)]
            },
                "variation-aware"));
        string line = Line(flat, "variation-aware");
        Assert.Contains("gets 50.0% at σ = 1, below pipeline's 60.0%;", line);
        Assert.EndsWith("its curve is highest at the lowest σ.", line);
    }

    [Fact]
    public void TimeLineSaysWhatWasTrainedInThisRun()
    {
        Assert.Equal("time: this run's pipeline call took 18 s; the checkpoints record 1234 s of model training and " +
                     "the cache 56 s of unit training (Monte-Carlo evaluations and placement searches not counted); " +
                     "every model came from the cache.", Line(Facts(), "time:"));
        Assert.EndsWith("trained in this run: plain, suppression.",
            Line(Facts() with { TrainedNow = [PipelineMethods.Plain, PipelineMethods.Suppression] }, "time:"));
    }

    [Fact]
    public void WithoutCurvesTheReadingSaysSoAndSkipsThem()
    {
        var lines = HeadlineReading.Reading([Facts() with { CurveReference = null, Curves = [] }]);
        Assert.Contains("  no accuracy-vs-σ curves in this run.", lines);
        Assert.DoesNotContain(lines, l => l.Contains("reach:", StringComparison.Ordinal));
        Assert.EndsWith("the best method there.", lines.Single(l => l.TrimStart().StartsWith("variation-aware")));
    }

    [Fact]
    public void ClaimsGiveTheRecoveryTheReachAndEveryClaimWithItsVerdict()
    {
        var lines = HeadlineReading.Claims([Facts()]);
        Assert.Equal("LeNet-5 / fashion-mnist: at σ = 1 plain training keeps 33.3% of the clean 90.0%, the pipeline " +
                     "44.4% (50.6 points short of the paper's 95%); ADC power -96.9% vs the lossless reference " +
                     "(meets the paper's 55%); " +
                     "units: +6.22% parameters, +4.66% MACs.", lines[0]);
        Assert.Equal("  on the curves, 95% of the variation-free 90.0% holds: pipeline not even at σ = 0, " +
                     "plain up to σ = 0, suppression up to σ = 0, compensation up to σ = 0", lines[1]);
        Assert.Equal("  C3 does not hold: C3 measured", lines[4]);
        Assert.Equal("  C4 holds: C4 measured", lines[5]);

        var recovered = Facts() with { Methods = WithPipeline(0.87, 0.875, 0.88), Overhead = null };
        Assert.Contains("the pipeline 97.2% (2.2 points above the paper's 95%)",
            HeadlineReading.Claims([recovered])[0]);
        Assert.EndsWith("units: none.", HeadlineReading.Claims([recovered])[0]);
    }
}
