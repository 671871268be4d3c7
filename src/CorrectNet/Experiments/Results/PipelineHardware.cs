using CorrectNet.Crossbar;

namespace CorrectNet.Experiments.Results;

/// <summary>
/// The two hardware settings of the pipeline comparison at the evaluation σ: the reference quantization setting (F34),
/// on which the baselines run, and the setting the quantization search chose, on which the pipeline runs.
/// </summary>
public sealed record PipelineHardware(CrossbarConfig Reference, CrossbarConfig Chosen);
