using CorrectNet.Crossbar;

namespace CorrectNet.Experiments.Recipes;

/// <summary>
/// One point of a sweep before it is evaluated: the hardware <see cref="Config"/>, the curve it belongs to
/// (<see cref="Series"/>), a readable <see cref="Setting"/> and its position <see cref="X"/> on the figure's x axis.
/// </summary>
public sealed record CurveSetting(string Series, string Setting, double X, CrossbarConfig Config);
