namespace CorrectNet.Crossbar;

/// <summary>
/// Marks a module that always runs digitally (e.g. a compensation unit, docs/method.md F27):
/// <see cref="AnalogConversion.ToAnalog"/> maps none of the Conv2d/Linear layers inside it, and they take no place in
/// the forward order that selects the analog layers' random streams, so adding such modules leaves every chip of the
/// model unchanged.
/// </summary>
public interface IDigitalModule;
