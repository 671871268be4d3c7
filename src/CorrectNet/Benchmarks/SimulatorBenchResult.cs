namespace CorrectNet.Benchmarks;

/// <summary>Everything <see cref="SimulatorBench.Run"/> measured, and the targets checked against it.</summary>
public sealed record SimulatorBenchResult(
    BenchSettings Settings, MemoryGrowth Memory, MatrixMultiplyRate MatrixMultiply, ModelTimings LeNet,
    ModelTimings Vgg)
{
    /// <summary>The ADC conversion's two samplers; null when not measured.</summary>
    public AdcNoiseTimings? AdcNoise { get; init; }

    /// <summary>Monte-Carlo rate of VGG-16's float-mode chip in GFLOP/s.</summary>
    public double VggGflops => Vgg.FloatChipGflops(Settings.Images);

    /// <summary>VGG-16's Monte-Carlo rate as a fraction of torch.mm's.</summary>
    public double ThroughputRatio => VggGflops / MatrixMultiply.Gflops;

    public TargetCheck LeNetFloat => BenchTargets.Float(LeNet);

    public TargetCheck VggFloat => BenchTargets.Float(Vgg);

    public TargetCheck Throughput => BenchTargets.ThroughputOf(Vgg.Model, ThroughputRatio);

    public TargetCheck LeNetCrossbar => BenchTargets.Crossbar(LeNet);

    public TargetCheck VggCrossbar => BenchTargets.Crossbar(Vgg);

    public TargetCheck MemoryCheck => BenchTargets.Memory(SimulatorBench.MemoryModel, Memory);

    /// <summary>The targets in the order of the report: float ratio, throughput, crossbar ratio, memory.</summary>
    public IReadOnlyList<TargetCheck> Checks =>
        [LeNetFloat, VggFloat, Throughput, LeNetCrossbar, VggCrossbar, MemoryCheck];

    public bool AllPass => Checks.All(c => c.Pass);
}
