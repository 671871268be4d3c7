using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TorchSharp;
using static TorchSharp.torch;

namespace CorrectNet.Crossbar;

/// <summary>
/// Standard normal draws where draw i of the stream is a function of (key, i) alone (docs/method.md F35, "ADC noise
/// draws"): a SplitMix64 hash of the counter gives 32 random bits, which a 256-layer ziggurat turns into a normal
/// value. Counter-based, so a chunk of draws is the same whatever came before it and however the work is split, and
/// the common case (98.5 % of draws) is a table lookup and a product that vectorizes: a draw added to a partial sum,
/// floored and clamped in one pass costs under half of libtorch's sequential normal_ and the three passes after
/// it (`correctnet bench`). The stream keeps its position: each request takes the next draws.
/// </summary>
public sealed class NormalStream(ulong key)
{
    /// <summary>The sampler's name in cache keys (<see cref="LayerHardware.AdcNoiseSampler"/>): results drawn with
    /// another sampler are other results.</summary>
    public const string SamplerName = "splitmix64-ziggurat256";

    public ulong Key { get; } = key;

    /// <summary>Draws taken so far: the next request starts at this counter.</summary>
    public ulong Position { get; private set; }

    /// <summary>The next <paramref name="destination"/>.Length draws, in counter order.</summary>
    public void Fill(Span<float> destination)
    {
        Ziggurat.Fill(Key, Position, destination);
        Position += (ulong)destination.Length;
    }

    /// <summary>
    /// ⌊v + scale · z⌋ clamped to [low, high] in place, one fresh draw z per element of <paramref name="values"/>
    /// (row-major). The arithmetic is float32 for a float32 CPU tensor (one pass, no temporaries); any other tensor
    /// gets the same draws through a float32 buffer.
    /// </summary>
    public void AddFloorClamp(Tensor values, double scale, double low, double high)
    {
        long count = values.numel();
        if (values.dtype == ScalarType.Float32 && values.device_type == DeviceType.CPU && values.is_contiguous())
        {
            var span = MemoryMarshal.Cast<byte, float>(values.bytes);
            Ziggurat.AddFloorClamp(Key, Position, span, (float)scale, (float)low, (float)high);
            Position += (ulong)count;
            return;
        }
        var draws = new float[count];
        Fill(draws);
        using var cpu = tensor(draws, values.shape);
        using var noise = cpu.to(values.dtype, values.device);
        values.add_(noise, alpha: scale).floor_().clamp_(low, high);
    }
}

/// <summary>
/// The sampler behind <see cref="NormalStream"/>: Marsaglia and Tsang's ziggurat (2000) with 256 layers under
/// f(x) = exp(−x²/2), fed 32 bits per draw: bits 0–7 pick the layer, bits 8–31 are a signed 24-bit integer j, the
/// candidate is x = j · w_layer, accepted at once when |j| &lt; k_layer (the rectangle lies under the curve); otherwise
/// the wedge or the tail is sampled with further bits of a SplitMix64 sequence started at the draw's hash. Layer and
/// value bits are disjoint, so the layer does not bias the value. The vector path computes exactly the scalar path's
/// float32 operations, so results do not depend on the CPU.
/// </summary>
internal static unsafe class Ziggurat
{
    private const int Layers = 256;
    /// <summary>r, the start of the tail, and v, each layer's area, for 256 layers (Marsaglia and Tsang).</summary>
    private const double TailStart = 3.6541528853610088, LayerArea = 0.00492867323399;
    /// <summary>2^23: |j| of a signed 24-bit integer is at most this.</summary>
    private const double Scale = 8388608.0;
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    // Native, 64-byte aligned, never freed: the gathers read them by address.
    private static readonly int* Accept = Table<int>();
    private static readonly float* Width = Table<float>();
    private static readonly double[] Height = new double[Layers];
    private static readonly bool Built = Build();

    private static T* Table<T>() where T : unmanaged =>
        (T*)NativeMemory.AlignedAlloc((nuint)(Layers * sizeof(T)), 64);

    /// <summary>x_255 = r; x_(i−1) from x_i so every layer has area v; w_i = x_i / 2^23, k_i = 2^23 · x_(i−1) / x_i
    /// (k_0 = 2^23 · r / (v / f(r)) for the base strip, whose width v / f(r) holds its tail); f_i = f(x_i).</summary>
    private static bool Build()
    {
        double x = TailStart, outer = TailStart, baseWidth = LayerArea / Math.Exp(-0.5 * x * x);
        Accept[0] = (int)(x / baseWidth * Scale);
        Accept[1] = 0;
        Width[0] = (float)(baseWidth / Scale);
        Width[Layers - 1] = (float)(x / Scale);
        Height[0] = 1;
        Height[Layers - 1] = Math.Exp(-0.5 * x * x);
        for (int i = Layers - 2; i >= 1; i--)
        {
            x = Math.Sqrt(-2 * Math.Log(LayerArea / x + Math.Exp(-0.5 * x * x)));
            Accept[i + 1] = (int)(x / outer * Scale);
            outer = x;
            Height[i] = Math.Exp(-0.5 * x * x);
            Width[i] = (float)(x / Scale);
        }
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Hash(ulong key, ulong counter) => Mix(key + counter * Golden);

    /// <summary>Draw <paramref name="counter"/> of stream <paramref name="key"/>.</summary>
    public static float Draw(ulong key, ulong counter)
    {
        _ = Built;
        ulong hash = Hash(key, counter);
        int bits = (int)hash, layer = bits & (Layers - 1), j = bits >> 8;
        return Math.Abs(j) < Accept[layer] ? j * Width[layer] : Rejected(hash, j, layer);
    }

    /// <summary>The wedge or the tail of a rejected candidate, with uniforms from a SplitMix64 sequence started at
    /// the draw's hash (one draw's fallback depends on that draw alone).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Rejected(ulong hash, int j, int layer)
    {
        ulong state = hash;
        double Uniform() // (0, 1]: 53 bits
        {
            state += Golden;
            return ((Mix(state) >> 11) + 1.0) * (1.0 / (1UL << 53));
        }
        while (true)
        {
            double x = j * (double)Width[layer];
            if (layer == 0)
            {
                // Beyond r (Marsaglia 1964): x = r + a with a ~ Exp(r) accepted with probability exp(−a² / 2).
                double a, b;
                do
                {
                    a = -Math.Log(Uniform()) / TailStart;
                    b = -Math.Log(Uniform());
                } while (b + b < a * a);
                return (float)(j > 0 ? TailStart + a : -TailStart - a);
            }
            if (Height[layer] + Uniform() * (Height[layer - 1] - Height[layer]) < Math.Exp(-0.5 * x * x))
                return (float)x;
            state += Golden;
            int bits = (int)Mix(state);
            layer = bits & (Layers - 1);
            j = bits >> 8;
            if (Math.Abs(j) < Accept[layer]) return j * Width[layer];
        }
    }

    public static void Fill(ulong key, ulong first, Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = Draw(key, first + (ulong)i);
    }

    /// <summary>v_i ← clamp(⌊v_i + scale · z_(first + i)⌋, low, high), in float32.</summary>
    public static void AddFloorClamp(ulong key, ulong first, Span<float> values, float scale, float low, float high)
    {
        _ = Built;
        int i = 0;
        if (Vector512.IsHardwareAccelerated && Avx2.IsSupported)
            i = AddFloorClampVector(key, first, values, scale, low, high);
        for (; i < values.Length; i++)
            values[i] = Math.Clamp(MathF.Floor(values[i] + scale * Draw(key, first + (ulong)i)), low, high);
    }

    /// <summary>Sixteen draws at a time; returns how many elements it did (a multiple of 16).</summary>
    private static int AddFloorClampVector(ulong key, ulong first, Span<float> values, float scale, float low,
        float high)
    {
        var lanes = Vector512.Create(0UL, 1, 2, 3, 4, 5, 6, 7);
        var golden = Vector512.Create(Golden);
        var keys = Vector512.Create(key);
        var layerMask = Vector512.Create(Layers - 1);
        var s = Vector512.Create(scale);
        var lo = Vector512.Create(low);
        var hi = Vector512.Create(high);
        ref float start = ref MemoryMarshal.GetReference(values);
        int i = 0;
        for (; i + 16 <= values.Length; i += 16)
        {
            var counter = Vector512.Create(first + (ulong)i) + lanes;
            var low8 = Mix(counter * golden + keys);
            var high8 = Mix((counter + Vector512.Create(8UL)) * golden + keys);
            var bits = Vector512.Narrow(low8, high8).AsInt32(); // the low 32 bits of each hash, in counter order
            var layer = bits & layerMask;
            var j = bits >> 8;
            var accept = Vector512.Create(Avx2.GatherVector256(Accept, layer.GetLower(), 4),
                Avx2.GatherVector256(Accept, layer.GetUpper(), 4));
            var width = Vector512.Create(Avx2.GatherVector256(Width, layer.GetLower(), 4),
                Avx2.GatherVector256(Width, layer.GetUpper(), 4));
            var z = Vector512.ConvertToSingle(j) * width;
            var accepted = Vector512.LessThan(Vector512.Abs(j), accept);
            if (accepted != Vector512<int>.AllBitsSet)
            {
                uint rejected = ~(uint)accepted.ExtractMostSignificantBits() & 0xFFFF;
                while (rejected != 0)
                {
                    int lane = System.Numerics.BitOperations.TrailingZeroCount(rejected);
                    rejected &= rejected - 1;
                    ulong hash = Hash(key, first + (ulong)(i + lane));
                    z = z.WithElement(lane, Rejected(hash, j[lane], layer[lane]));
                }
            }
            var v = Vector512.LoadUnsafe(ref start, (nuint)i);
            Vector512.Min(Vector512.Max(Vector512.Floor(v + s * z), lo), hi).StoreUnsafe(ref start, (nuint)i);
        }
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Mix(Vector512<ulong> z)
    {
        z = (z ^ (z >>> 30)) * Vector512.Create(0xBF58476D1CE4E5B9UL);
        z = (z ^ (z >>> 27)) * Vector512.Create(0x94D049BB133111EBUL);
        return z ^ (z >>> 31);
    }
}
