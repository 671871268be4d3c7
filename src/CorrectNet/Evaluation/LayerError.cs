namespace CorrectNet.Evaluation;

/// <summary>Mean relative feature error ‖y' − y‖ / ‖y‖ after layer <see cref="Layer"/> (1-based depth).</summary>
public sealed record LayerError(string Layer, int Depth, double RelativeError);
