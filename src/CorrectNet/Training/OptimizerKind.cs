namespace CorrectNet.Training;

public enum OptimizerKind
{
    /// <summary>SGD with (Nesterov-free) momentum.</summary>
    Sgd,
    Adam,
}
