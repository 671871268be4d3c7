using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CorrectNet.Crossbar;

/// <summary>
/// One Conv2d or Linear layer of a model running on crossbars, attached through hooks so the model's own code is
/// untouched. Without an ADC the crossbar is linear, so a chip is a weight: the layer's weight is replaced by the
/// effective weight its conductances realize (and inputs pass the DAC in a pre-hook). With an ADC every column partial
/// sum of every tile, slice and polarity is digitized before the digital shift-and-add (docs/method.md F15), so the
/// layer's output is recomputed from its input in a forward hook.
/// </summary>
public sealed class AnalogLayer : IDisposable
{
    /// <summary>Images per chunk are chosen so one tile's partial sums stay below this many elements (4 MB of float32):
    /// larger blocks come fresh from the OS every time (page faults cost more than the arithmetic).</summary>
    internal const long DefaultMaxPartialSumElements = 1L << 20;

    /// <summary>Percentile calibration keeps at most about this many |partial sums| per layer (16 MB of float32), an
    /// evenly strided sample of the batch's partial sums, the same elements whatever the chunk size.</summary>
    private const long MaxCalibrationSamples = 1L << 22;

    private readonly nn.Module<Tensor, Tensor> _module;
    private readonly Parameter _weight;
    private readonly Parameter? _bias;
    private readonly Tensor _originalWeight;
    private WeightMapping _mapping;
    private readonly Dac _dac;
    private readonly Adc? _adc;
    private readonly DeviceVariation _variation;
    private readonly nn.HookableModule<
        Func<nn.Module<Tensor, Tensor>, Tensor, Tensor>,
        Func<nn.Module<Tensor, Tensor>, Tensor, Tensor, Tensor>>.HookRemover _hook;
    private readonly nn.HookableModule<
        Func<nn.Module<Tensor, Tensor>, Tensor, Tensor>,
        Func<nn.Module<Tensor, Tensor>, Tensor, Tensor, Tensor>>.HookRemover? _skipHook;
    /// <summary>With an ADC and without gradients: the layer's input, taken by the pre-hook that hands the module an
    /// empty batch, so its discarded digital output costs nothing (docs/method.md F15).</summary>
    private Tensor? _crossbarInput;
    private readonly long[] _kernel = [1, 1], _stride = [1, 1], _padding = [0, 0], _dilation = [1, 1];
    private readonly bool _isConv;
    private Tensor _conductance;
    private Generator? _readNoise;
    private NormalStream? _adcNoise;
    private bool _calibrating;

    internal AnalogLayer(
        string name,
        int index,
        nn.Module<Tensor, Tensor> module,
        LayerHardware hardware,
        DeviceVariation variation)
    {
        Name = name;
        Index = index;
        Hardware = hardware;
        _module = module;
        _variation = variation;
        switch (module)
        {
            case Conv2d conv:
                if (conv.groups != 1 && hardware.AdcBits is not null)
                    throw new NotSupportedException(
                        $"{name}: grouped convolutions (groups = {conv.groups}) are not mapped with an ADC.");
                if (conv.padding_mode != PaddingModes.Zeros || conv.padding is null)
                    throw new NotSupportedException($"{name}: only explicit zero padding is supported on crossbars.");
                _isConv = true;
                _kernel = conv.kernel_size; _stride = conv.stride; _padding = conv.padding; _dilation = conv.dilation;
                _weight = conv.weight!; _bias = conv.bias;
                break;
            case Linear linear:
                _weight = linear.weight!; _bias = linear.bias;
                break;
            default:
                throw new ArgumentException(
                    $"{name}: only Conv2d and Linear layers are analog, not {module.GetType().Name}.");
        }
        // Long-lived tensors leave any caller's dispose scope: they live until Dispose.
        using (no_grad()) _originalWeight = _weight.detach().clone().DetachFromDisposeScope();
        _mapping = new WeightMapping(_originalWeight.reshape(_originalWeight.shape[0], -1), hardware);
        _dac = new Dac(hardware.InputBits);
        _adc = hardware.AdcBits is { } bits
            ? new Adc(bits, hardware.AdcNoiseLsb, hardware.AdcCalibration, hardware.AdcPercentile)
            : null;
        _conductance = _mapping.Conductance.alias().DetachFromDisposeScope();
        _hook = UsesAdc
            ? module.register_forward_hook((_, input, output) => CrossbarForward(input, output))
            : module.register_forward_pre_hook((_, input) => LinearCrossbarInput(input));
        if (UsesAdc) _skipHook = module.register_forward_pre_hook((_, input) => SkipDigitalForward(input));
    }

    /// <summary>
    /// The kernels as they were before the Monte-Carlo speed-up (issue 16): the layer's own digital forward runs and
    /// is discarded under an ADC, column groups are recombined after the sum over tiles, and a float-mode chip's
    /// weight is formed in a temporary. Same results bit for bit (tests: MonteCarloThroughputTests); kept so
    /// `correctnet bench` measures the speed-up in one run.
    /// </summary>
    internal bool ReferenceKernels { get; set; }

    public string Name { get; }
    /// <summary>
    /// Position among the model's analog layers in forward order; selects the layer's random streams.
    /// </summary>
    public int Index { get; }
    public LayerHardware Hardware { get; }
    public bool UsesAdc => Hardware.AdcBits is not null;
    public bool NeedsCalibration => Hardware.InputBits is not null || UsesAdc;
    public bool IsCalibrated =>
        (Hardware.InputBits is null || _dac.IsCalibrated) && (_adc is null || _adc.IsCalibrated);
    /// <summary>Crossbar row tiles T = ceil(rows / R).</summary>
    public int Tiles => Hardware.Rows is { } r ? (int)((Rows + r - 1) / r) : 1;
    /// <summary>Rows of the reshaped weight: in·kh·kw.</summary>
    public long Rows => _mapping.Conductance.shape[3];
    public int Slices => _mapping.Slices;
    public int Polarities => _mapping.Polarities;
    /// <summary>
    /// Input cycles per inference: the magnitude bits of a bit-serial input (known after calibration), else 1.
    /// </summary>
    public int InputCycles => Hardware.BitSerialInput ? _dac.MagnitudeBits : 1;
    /// <summary>ADC full scale in level·code units after calibration (NaN without ADC).</summary>
    public double AdcFullScale => _adc?.FullScale ?? double.NaN;
    /// <summary>DAC range: largest |input| of the calibration batch (layer input units); NaN without a DAC.</summary>
    public double DacRange => Hardware.InputBits is not null && _dac.IsCalibrated ? _dac.Range : double.NaN;

    /// <summary>
    /// Bound on one chunk's partial sums (elements per tile); sets only speed and memory, never the result (tests
    /// shrink it to force many chunks).
    /// </summary>
    internal long MaxPartialSumElements
    {
        get => _maxPartialSumElements;
        set => _maxPartialSumElements =
            value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "must be ≥ 1");
    }

    private long _maxPartialSumElements = DefaultMaxPartialSumElements;

    /// <summary>Most tiles for which column groups are recombined per tile (see Crossbar).</summary>
    private const int FusedRecombinationMaxTiles = 4;

    /// <summary>
    /// Programs this layer of <paramref name="chip"/>; null programs the ideal (variation-free) devices.
    /// </summary>
    internal void Program(Chip? chip)
    {
        DisposeTileKernels();
        _conductance.Dispose();
        _readNoise?.Dispose();
        _readNoise = null;
        _adcNoise = null;
        var variation = chip is null ? _variation : _variation with { Sigma = _variation.Sigma * chip.SigmaScale };
        if (chip is null || variation.IsNone)
        {
            _conductance = _mapping.Conductance.alias().DetachFromDisposeScope();
        }
        else
        {
            using var devices = chip.Generator(Index, ChipStream.Devices);
            double low = _mapping.OffConductance, high = _mapping.MaxLevel + _mapping.OffConductance;
            _conductance = variation.Sample(_mapping.Conductance, low, high, devices).DetachFromDisposeScope();
            if (variation.ReadNoiseSigma > 0) _readNoise = chip.Generator(Index, ChipStream.ReadNoise);
        }
        if (chip is not null && _adc is not null && Hardware.AdcNoiseLsb > 0)
            _adcNoise = chip.NormalStream(Index, ChipStream.AdcNoise);
        // With an ADC the forward value is the crossbar's, and the layer's weight only carries the gradient
        // (straight-through): it must be this chip's effective weight, or everything upstream (compensation units,
        // earlier layers) learns from the Jacobian of the variation-free network. At σ = 1 that made trained units
        // lower accuracy (docs/method.md F28). The float model on ideal devices is the trained weight itself
        // (Scale · sign · (|w| / Scale) can be an ulp off).
        if (_mapping.Sign is not null && (chip is null || variation.IsNone))
            using (no_grad()) _weight.copy_(_originalWeight);
        else if (_mapping.SignedScale is { } signedScale && !ReferenceKernels)
            SetFloatWeight(_conductance, signedScale);
        else
            SetWeight(_conductance);
    }

    /// <summary>
    /// Float model: w' = (Scale · sign(W)) · g written straight into the layer's weight, without temporaries (one
    /// copy and one in-place product; the same float32 product as <see cref="WeightMapping.EffectiveWeight"/>).
    /// </summary>
    private void SetFloatWeight(Tensor conductance, Tensor signedScale)
    {
        using var _ = no_grad();
        using var weight = _weight.detach().view(signedScale.shape);
        using var g = conductance[0, 0];
        weight.copy_(g).mul_(signedScale);
    }

    // While calibrating, the layer's forward sets its final DAC and ADC ranges from its whole input before it forms its
    // output (docs/method.md F17a), so the next layer calibrates on outputs made with final ranges.
    internal void BeginCalibration() => _calibrating = true;

    internal void EndCalibration() => _calibrating = false;

    private void SetWeight(Tensor conductance)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        _weight.copy_(_mapping.EffectiveWeight(conductance).reshape(_weight.shape));
    }

    /// <summary>
    /// Takes the layer's current weight as the trained weight and maps it anew (training: the optimizer moved it).
    /// Calibration ranges are kept.
    /// </summary>
    internal void Refresh()
    {
        using (no_grad()) _originalWeight.copy_(_weight);
        _mapping.Dispose();
        _mapping = new WeightMapping(_originalWeight.reshape(_originalWeight.shape[0], -1), Hardware);
        Program(null);
    }

    /// <summary>Writes the trained weight back into the layer (training: before the optimizer step).</summary>
    internal void RestoreTrainedWeight()
    {
        using (no_grad()) _weight.copy_(_originalWeight);
    }

    private void RequireCalibrated()
    {
        if (!_calibrating && !IsCalibrated)
            throw new InvalidOperationException(
                $"Layer {Name} quantizes inputs or uses an ADC: " +
                "calibrate the analog model (Calibrate(images)) before running it.");
    }

    // With gradients on (variation-aware training): the forward value is the crossbar's, the gradient the digital
    // one (straight-through estimator, since rounding has no gradient). Without, the crossbar value exactly.
    private static Tensor StraightThrough(Tensor digital, Tensor analog) =>
        is_grad_enabled() && digital.requires_grad ? digital + (analog - digital).detach() : analog;

    // Without an ADC: DAC on the input, fresh read noise on the weight.
    private Tensor LinearCrossbarInput(Tensor input)
    {
        RequireCalibrated();
        if (_calibrating) _dac.Calibrate(input, Name);
        if (_readNoise is not null)
        {
            using var noisy = _variation.Read(_conductance, _readNoise);
            SetWeight(noisy);
        }
        if (Hardware.InputBits is null) return input;
        using var codes = _dac.Codes(input.detach());
        return StraightThrough(input, codes * _dac.Step);
    }

    // With an ADC and without gradients the digital output is discarded (StraightThrough returns the crossbar's), so
    // the module gets an empty batch (the same shape otherwise) and its own convolution costs nothing.
    private Tensor SkipDigitalForward(Tensor input)
    {
        _crossbarInput = null;
        if (ReferenceKernels || is_grad_enabled() || input.shape.Length == 0) return input;
        _crossbarInput = input;
        return input.narrow(0, 0, 0);
    }

    // With an ADC: tiles × slices × polarities × input cycles of column partial sums, each digitized.
    private Tensor CrossbarForward(Tensor input, Tensor digitalOutput)
    {
        RequireCalibrated();
        using var scope = NewDisposeScope();
        var taken = _crossbarInput;
        _crossbarInput = null;
        if (taken is not null)
        {
            long[] shape = [taken.shape[0], .. digitalOutput.shape[1..]];
            return Crossbar(taken.detach(), shape).MoveToOuterDisposeScope();
        }
        var analog = Crossbar(input.detach(), digitalOutput.shape);
        return StraightThrough(digitalOutput, analog).MoveToOuterDisposeScope();
    }

    private Tensor Crossbar(Tensor input, long[] outputShape)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        // Final ranges first: the DAC's from the whole input (it also fixes the bit-serial cycles), then the ADC's
        // from all chunks and tiles; only then the output below.
        if (_calibrating) _dac.Calibrate(input, Name);
        long n = input.shape[0];
        long outChannels = _mapping.Scale.shape[0], groups = (long)_mapping.Polarities * _mapping.Slices;
        long positions = _isConv ? outputShape[2] * outputShape[3] : 1;
        int cycles = Hardware.BitSerialInput ? _dac.MagnitudeBits : 1;
        long perImage = cycles * groups * outChannels * positions; // partial sums per image and tile
        long chunk = Math.Max(1, MaxPartialSumElements / Math.Max(1, perImage));
        if (_calibrating) CalibrateAdc(input, n, chunk, cycles, perImage);
        if (_readNoise is not null)
        {
            using var read = _variation.Read(_conductance, _readNoise);
            BuildTileKernels(read, scaled: true);
        }
        else if (_tileKernels is null || !_tileKernelsScaled || _tileKernelsLsb != _adc!.Lsb)
        {
            BuildTileKernels(_conductance, scaled: true);
        }

        // (1, P·S, 1): ±SliceBase^k of each column group, applied after the ADC.
        var coefficients = _mapping.ColumnCoefficients(input.device).reshape(1, groups, 1);
        // Fused recombination (one matrix-vector product per tile instead of a sum over tiles, a product and a sum
        // over groups) is exact, hence the same bits, when every partial result is a whole number below 2^24. It pays
        // with few tiles (measured 1.2–3× on the recombination at 2–5 tiles of VGG-16 ×0.25) and costs with many
        // (0.7× at 9 tiles: many small products), so it is used up to FusedRecombinationMaxTiles.
        bool fused = !ReferenceKernels && _tileKernels!.Count <= FusedRecombinationMaxTiles
            && RecombinationIsExact(groups);
        var coefficientRow = coefficients.view(1, 1, groups);
        var outputs = new List<Tensor>();
        for (long start = 0; start < n; start += chunk)
        {
            using var chunkScope = NewDisposeScope();
            long size = Math.Min(chunk, n - start);
            var x = ChunkCodes(input, start, size, cycles);
            Tensor? sum = null;
            foreach (var tile in _tileKernels!)
            {
                using var tileScope = NewDisposeScope(); // each tile's partial sums are freed before the next tile's
                // (b, P·S·out[, h, w]): p / Δ + ½ per column (scale and shift folded into kernel and bias).
                var codes = _adc!.CodesOfShifted(TileProduct(tile, x), _adcNoise);
                if (fused)
                {
                    // (b, 1, out·positions): Σ over column groups of ±SliceBase^k · code, added over tiles.
                    var grouped = codes.view(-1, groups, outChannels * positions);
                    var part = coefficientRow.expand(grouped.shape[0], 1, groups).bmm(grouped);
                    if (sum is null) sum = part.MoveToOuterDisposeScope();
                    else sum.add_(part);
                }
                else if (sum is null) sum = codes.MoveToOuterDisposeScope();
                else sum.add_(codes); // digital sum over tiles, in ADC codes
            }
            // Shift-and-add of slices, subtraction of polarities, then of input bit planes: (size, out, positions).
            var y = fused
                ? sum!.view(-1, outChannels * positions)
                : sum!.view(-1, groups, outChannels * positions).mul_(coefficients).sum(dim: 1);
            y = y.view(size, cycles, outChannels, positions);
            if (cycles > 1)
            {
                var bitWeights = pow(2f, arange(cycles, dtype: y.dtype, device: y.device)).reshape(1, cycles, 1, 1);
                y = y.mul(bitWeights);
            }
            outputs.Add(y.sum(dim: 1).MoveToOuterDisposeScope());
        }
        // ADC codes → layer output units.
        var result = cat(outputs, 0).mul_(_mapping.Scale.reshape(1, -1, 1) * (_adc!.Lsb * _dac.Step));
        if (_bias is not null) result = result.add_(_bias.detach().reshape(1, -1, 1));
        result = _isConv ? result.reshape(outputShape) : result.squeeze(-1);
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Whether Σ_tiles Σ_groups |±SliceBase^k · code| stays below 2^24 for every column, so that any order of the
    /// recombination sums gives the same float32 value: T · Σ_k SliceBase^k · polarities · (largest |code|).
    /// </summary>
    private bool RecombinationIsExact(long groups)
    {
        double largestCode = _adc!.Signed ? Math.Pow(2, _adc.Bits - 1) : Math.Pow(2, _adc.Bits) - 1;
        double slices = Enumerable.Range(0, _mapping.Slices).Sum(k => Math.Pow(_mapping.SliceBase, k));
        return _tileKernels!.Count * slices * _mapping.Polarities * largestCode < (1 << 24) && groups > 0;
    }

    /// <summary>DAC codes of images [start, start + size); bit-serial: (size·cycles, …) bit planes.</summary>
    private Tensor ChunkCodes(Tensor input, long start, long size, int cycles)
    {
        var x = _dac.Codes(input.narrow(0, start, size));
        return cycles > 1 ? BitPlanes(x, cycles).flatten(0, 1) : x;
    }

    /// <summary>The tile's column outputs for codes <paramref name="x"/>: (b, P·S·out[, h, w]).</summary>
    private Tensor TileProduct(TileKernel tile, Tensor x)
    {
        var tileInput = x.narrow(1, tile.FirstInput, tile.Inputs);
        if (_isConv) return nn.functional.conv2d(tileInput, tile.Kernel, tile.Bias, _stride, _padding, _dilation);
        return tile.Bias is null
            ? tileInput.mm(tile.Kernel.t())
            : addmm(tile.Bias, tileInput, tile.Kernel.t(), beta: 1, alpha: 1);
    }

    /// <summary>
    /// Calibration, first pass: the ideal devices' raw partial sums of every chunk and tile set the ADC's full scale
    /// (max |p|, or a percentile of an evenly strided sample) before any of them is digitized. A second pass over the
    /// chunks (the caller's) then forms the output with that final Δ, so nothing depends on the chunk size.
    /// </summary>
    private void CalibrateAdc(Tensor input, long n, long chunk, int cycles, long perImage)
    {
        using var scope = NewDisposeScope();
        BuildTileKernels(_conductance, scaled: false);
        bool percentile = Hardware.AdcCalibration == AdcCalibration.Percentile;
        // One stride for all tiles, counted in each tile's flattened partial sums of the whole batch (batch-major), so
        // the sampled elements do not depend on where the chunks start.
        long perTile = n * perImage;
        long stride = Math.Max(1, (perTile * _tileKernels!.Count + MaxCalibrationSamples - 1) / MaxCalibrationSamples);
        double max = 0;
        var samples = new List<Tensor>(); // detached: they outlive the chunk scopes, disposed below
        try
        {
            for (long start = 0; start < n; start += chunk)
            {
                using var chunkScope = NewDisposeScope();
                long size = Math.Min(chunk, n - start);
                var x = ChunkCodes(input, start, size, cycles);
                foreach (var tile in _tileKernels!)
                {
                    using var tileScope = NewDisposeScope();
                    var partial = TileProduct(tile, x);
                    // max |p| without an |p| copy of the whole tensor (max is exact, so its order does not matter)
                    max = Math.Max(max, Math.Max(partial.max().item<float>(), -partial.min().item<float>()));
                    if (!percentile) continue;
                    var flat = partial.flatten();
                    long offset = start * perImage, first = (stride - offset % stride) % stride;
                    if (first < flat.shape[0])
                    {
                        var sample = flat[TensorIndex.Slice(first, flat.shape[0], stride)].abs();
                        samples.Add(sample.DetachFromDisposeScope());
                    }
                }
            }
            using var all = samples.Count > 0 ? cat(samples, 0) : null;
            _adc!.Calibrate(all, max, _dac.Signed, IntegerLevels);
        }
        finally
        {
            foreach (var sample in samples) sample.Dispose();
        }
    }

    /// <summary>
    /// One crossbar tile as a kernel over the input channels (conv) or features (linear) its rows touch: rows
    /// [t·R, t·R + R) of the reshaped weight, zero elsewhere, so conv2d computes exactly the tile's column partial sums
    /// without an im2col copy. Scaled by 1/Δ with bias ½ (the ADC's input p / Δ + ½), or unscaled (raw partial
    /// sums) for calibration.
    /// </summary>
    private sealed record TileKernel(long FirstInput, long Inputs, Tensor Kernel, Tensor? Bias);

    private List<TileKernel>? _tileKernels;
    private bool _tileKernelsScaled;
    private double _tileKernelsLsb = double.NaN;

    private void BuildTileKernels(Tensor conductance, bool scaled)
    {
        DisposeTileKernels();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        long rows = Rows, tileRows = Math.Min(Hardware.Rows ?? rows, rows);
        long columns = conductance.shape[0] * conductance.shape[1] * conductance.shape[2];
        long perInput = _isConv ? _kernel[0] * _kernel[1] : 1; // rows per input channel
        var all = conductance.reshape(columns, rows);
        double inverseLsb = scaled ? 1 / _adc!.Lsb : 1;
        _tileKernels = [];
        for (long first = 0; first < rows; first += tileRows)
        {
            long count = Math.Min(tileRows, rows - first);
            long firstInput = first / perInput, lastInput = (first + count - 1) / perInput;
            long inputs = lastInput - firstInput + 1;
            var kernel = zeros(columns, inputs * perInput, dtype: all.dtype, device: all.device);
            kernel.narrow(1, first - firstInput * perInput, count).copy_(all.narrow(1, first, count));
            if (scaled) kernel.mul_(inverseLsb);
            var shaped = _isConv ? kernel.view(columns, inputs, _kernel[0], _kernel[1]) : kernel;
            var bias = scaled ? full([columns], 0.5, dtype: all.dtype, device: all.device) : null;
            _tileKernels.Add(new TileKernel(
                firstInput, inputs, shaped.DetachFromDisposeScope(), bias?.DetachFromDisposeScope()));
        }
        _tileKernelsScaled = scaled;
        _tileKernelsLsb = _adc!.Lsb;
    }

    private void DisposeTileKernels()
    {
        foreach (var tile in _tileKernels ?? [])
        {
            tile.Kernel.Dispose();
            tile.Bias?.Dispose();
        }
        _tileKernels = null;
    }

    /// <summary>Signed bit planes of integer codes: sign(x)·bit_j(|x|), j = 0…cycles−1, stacked at dim 1.</summary>
    private static Tensor BitPlanes(Tensor codes, int cycles)
    {
        var magnitude = codes.abs();
        var sign = codes.sign();
        var planes = Enumerable.Range(0, cycles)
            .Select(j => (magnitude / Math.Pow(2, j)).floor_().remainder_(2).mul_(sign))
            .ToList();
        return stack(planes, 1);
    }

    private bool IntegerLevels => _mapping.IntegerLevels && Hardware.InputBits is not null;

    /// <summary>Restores the layer's trained weight and removes the hooks.</summary>
    public void Dispose()
    {
        _hook.remove();
        _skipHook?.remove();
        using (no_grad()) _weight.copy_(_originalWeight);
        DisposeTileKernels();
        _conductance.Dispose();
        _readNoise?.Dispose();
        EndCalibration();
        _originalWeight.Dispose();
        _mapping.Dispose();
    }
}
