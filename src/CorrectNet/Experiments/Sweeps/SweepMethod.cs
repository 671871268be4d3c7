using CorrectNet.Experiments.Results;

namespace CorrectNet.Experiments.Sweeps;

/// <summary>
/// How a sweep method produces the model a cell evaluates: train (or load from the result cache) whatever the method
/// needs and return the model the Monte-Carlo evaluation runs on. The evaluation keys its cache on the returned
/// model's <see cref="TrainedModel.Header"/> setup, so a method that changes a model after training (compensation
/// units,
/// edited weights) must return it under a setup of its own. The caller disposes the returned model.
/// </summary>
public delegate TrainedModel SweepMethod(SweepMethodContext context);
