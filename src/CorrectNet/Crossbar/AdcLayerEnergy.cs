namespace CorrectNet.Crossbar;

/// <summary>One layer's ADC work per inference: bits, conversion count, energy in pJ.</summary>
public sealed record AdcLayerEnergy(string Layer, int AdcBits, long Conversions, double Picojoules);
