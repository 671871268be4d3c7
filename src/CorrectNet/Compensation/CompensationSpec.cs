namespace CorrectNet.Compensation;

/// <summary>One compensation unit to insert: on the output of analog layer <paramref name="Layer"/> (its name in
/// named_modules), bottleneck width <paramref name="Width"/> (r; null = max(1, ⌊C/8⌋), F27).</summary>
public sealed record CompensationSpec(string Layer, int? Width = null);
