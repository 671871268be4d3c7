namespace CorrectNet.Training;

/// <summary>
/// A model produced NaN outputs while being scored: its argmax would silently pick class 0 and report chance
/// accuracy for numbers that overflowed. The message names the data set and what to lower.
/// </summary>
public sealed class NonFiniteOutputException(string message) : ArithmeticException(message);
