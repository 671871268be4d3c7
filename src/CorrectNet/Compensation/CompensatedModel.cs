using CorrectNet.Crossbar;
using CorrectNet.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CorrectNet.Compensation;

/// <summary>
/// A base model with compensation units on the outputs of chosen layers (docs/method.md F27). The base model's
/// children are registered under their own names, so layer names, <see cref="CrossbarConfig"/> overrides and the base
/// state dict keys are unchanged; the units live under "compensation.&lt;layer&gt;" (dots of a layer name become '_').
/// <para>
/// Units attach through forward hooks that exist only while <see cref="forward"/> runs. They are therefore always
/// registered after any <see cref="AnalogLayer"/> hook (which is attached when the twin is made, before any forward),
/// so a unit sees the crossbar's output, ADC included [ours]. Calling <see cref="Base"/> directly runs the model
/// without units.
/// </para>
/// <see cref="AnalogConversion.ToAnalog"/> on this model maps the base layers only: units are <see
/// cref="IDigitalModule"/>s.
/// </summary>
public sealed class CompensatedModel : nn.Module<Tensor, Tensor>
{
    public const string ContainerName = "compensation";

    private readonly nn.Module<Tensor, Tensor> _base;
    private readonly ModuleDict<CompensationUnit> compensation;
    private readonly Dictionary<string, nn.Module<Tensor, Tensor>> _targets;
    private readonly List<(string Layer, CompensationUnit Unit)> _units = [];

    /// <summary>
    /// Wraps <paramref name="baseModel"/> (not copied: the wrapper shares its modules) and inserts one
    /// identity-initialized unit per spec. <paramref name="inputShape"/> (C, H, W) finds each layer's kind and output
    /// channels;
    /// <paramref name="seed"/> seeds the down-projections of the units, drawn in spec order.
    /// </summary>
    public CompensatedModel(nn.Module<Tensor, Tensor> baseModel, IEnumerable<CompensationSpec> units,
        long[] inputShape, long seed = 1)
        : base(nameof(CompensatedModel))
    {
        _base = baseModel;
        var specs = units.ToList();
        var profiles = LayerProfiler.Profile(baseModel, inputShape).ToDictionary(p => p.Name);
        var duplicates = specs.GroupBy(s => s.Layer).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
            throw new ArgumentException($"More than one unit on layer(s) {string.Join(", ", duplicates)}.",
                nameof(units));
        var unknown = specs.Where(s => !profiles.ContainsKey(s.Layer)).Select(s => $"'{s.Layer}'").ToList();
        if (unknown.Count > 0)
            throw new ArgumentException(
                $"Unknown layer(s) {string.Join(", ", unknown)}; the model's Conv2d/Linear layers are: " +
                string.Join(", ", profiles.Keys) + ".", nameof(units));

        var modules = baseModel.named_modules().ToDictionary(m => m.name, m => m.module);
        foreach (var (name, child) in baseModel.named_children())
        {
            if (name == ContainerName)
                throw new ArgumentException($"The base model already has a child named '{ContainerName}'.",
                    nameof(baseModel));
            register_module(name, child);
        }
        compensation = new ModuleDict<CompensationUnit>();
        using var generator = new Generator(unchecked((ulong)seed));
        var resolved = new List<CompensationSpec>();
        _targets = [];
        foreach (var spec in specs)
        {
            var profile = profiles[spec.Layer];
            int width = spec.Width ?? CompensationUnit.DefaultWidth(profile.OutChannels);
            var unit = new CompensationUnit(profile.OutChannels, width, profile.Kind == LayerProfile.Conv2dKind,
                generator);
            string key = KeyOf(spec.Layer);
            if (compensation.ContainsKey(key))
                throw new ArgumentException(
                    $"Layer names '{spec.Layer}' and another map to the same unit key '{key}'.", nameof(units));
            compensation.Add(key, unit);
            _units.Add((spec.Layer, unit));
            _targets[spec.Layer] = (nn.Module<Tensor, Tensor>)modules[spec.Layer];
            resolved.Add(spec with { Width = width });
        }
        register_module(ContainerName, compensation);
        Specs = resolved;
    }

    /// <summary>The uncompensated model (shares every module with this one).</summary>
    public nn.Module<Tensor, Tensor> Base => _base;
    /// <summary>The units in spec order, each with its resolved width.</summary>
    public IReadOnlyList<CompensationSpec> Specs { get; }
    /// <summary>Unit on the output of <paramref name="layer"/>.</summary>
    public CompensationUnit UnitOf(string layer) => _units.Single(u => u.Layer == layer).Unit;
    /// <summary>The trainable parameters of the units only.</summary>
    public IEnumerable<Parameter> UnitParameters() => compensation.parameters();
    /// <summary>The base model's parameters (frozen during compensation training).</summary>
    public IEnumerable<Parameter> BaseParameters() => _base.parameters();

    /// <summary>
    /// The layers whose units run; null = every unit (the default). A unit switched off is not called at all, so its
    /// layer's output passes unchanged: the model is then exactly the model without that unit [ours, weight-sharing
    /// placement, docs/method.md F38]. Names must be layers of <see cref="Specs"/>.
    /// </summary>
    public IReadOnlySet<string>? ActiveUnits
    {
        get => _active;
        set
        {
            var unknown = value?.Where(l => !_targets.ContainsKey(l)).ToList() ?? [];
            if (unknown.Count > 0)
                throw new ArgumentException(
                    $"{nameof(ActiveUnits)}: no unit on layer(s) {string.Join(", ", unknown)}; units: " +
                    $"{string.Join(", ", _units.Select(u => u.Layer))}.", nameof(value));
            _active = value;
        }
    }

    private IReadOnlySet<string>? _active;

    /// <summary>Called with (layer, compensated output) during forward when set (feature matching, probes).</summary>
    public Action<string, Tensor>? FeatureObserver { get; set; }

    /// <summary>The key of the unit of <paramref name="layer"/> under <see cref="ContainerName"/>.</summary>
    public static string KeyOf(string layer) => layer.Replace('.', '_');

    /// <summary>Releases the units only: the base model's modules belong to the caller (who made or loaded the
    /// base).</summary>
    public void DisposeUnits() => compensation.Dispose();

    public override Tensor forward(Tensor input)
    {
        var running = _units.Where(u => _active is null || _active.Contains(u.Layer));
        var hooks = running.Select(u => _targets[u.Layer].register_forward_hook((_, _, output) =>
        {
            var compensated = u.Unit.call(output);
            FeatureObserver?.Invoke(u.Layer, compensated);
            return compensated;
        })).ToList();
        try
        {
            return _base.call(input);
        }
        finally
        {
            foreach (var hook in hooks) hook.remove();
        }
    }
}
