namespace CorrectNet.Training;

/// <summary>A layer's Lipschitz estimates: spectral norm of the reshaped weight, and of the operator on its feature
/// map.</summary>
public sealed record LayerLipschitz(string Layer, double MatrixNorm, double OperatorNorm);
