using CorrectNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CorrectNet.Tests.Training;

/// <summary>R(W) = ‖G − λ²I‖²_F with G the smaller Gram matrix of W̃ (docs/method.md F22–F23).</summary>
public sealed class LipschitzPenaltyTests
{
    private static readonly double LambdaHalf = LipschitzTarget.Lambda(0.5);

    // Float32 tolerance: G = λ²QQᵀ is computed with a relative rounding error of about n·2^-24 ≈ 1e-6 per entry for
    // n ≤ 40 inner products, so each entry of G − λ²I is ≤ ~1e-6·λ² and the sum of ≤ 20² squares stays far below 1e-6.
    private const double ZeroTolerance = 1e-6;

    /// <summary>An (rows × cols) matrix whose smaller dimension is orthonormal: orthonormal rows if wide, columns if
    /// tall.</summary>
    private static Tensor Orthonormal(long rows, long cols, ulong seed)
    {
        using var generator = new Generator(seed);
        using var a = randn(
            [Math.Max(rows, cols), Math.Min(rows, cols)], dtype: ScalarType.Float64, generator: generator);
        var (q, r) = linalg.qr(a); // q: (max, min) with orthonormal columns
        r.Dispose();
        using (q) return (rows >= cols ? q.clone() : q.t().contiguous()).to_type(ScalarType.Float32);
    }

    public static TheoryData<long, long, double> Shapes => new()
    {
        { 6, 20, 1.0 },          // wide: W Wᵀ (6×6) is the smaller Gram
        { 20, 6, 1.0 },          // tall: Wᵀ W (6×6)
        { 12, 40, 0.3395759 },   // wide, λ(0.5)
        { 40, 12, 0.3395759 },   // tall, λ(0.5)
        { 9, 9, 0.5 },           // square
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ZeroForScaledMatrixWithOrthonormalSmallerSide(long rows, long cols, double lambda)
    {
        using var q = Orthonormal(rows, cols, seed: 3);
        using var w = q * lambda;

        using var r = LipschitzPenalty.Of(w, lambda * lambda);

        Assert.InRange(r.item<float>(), 0, ZeroTolerance);
        // The check is not vacuous: the larger Gram of a non-square W is not λ²I (rank ≤ min < max), so had the larger
        // one
        // been chosen the penalty would be |rows − cols|·λ⁴.
        if (rows != cols)
        {
            using var larger = rows > cols ? w.mm(w.t()) : w.t().mm(w);
            using var eyeLarge = eye(larger.shape[0]) * (lambda * lambda);
            double largerPenalty = (larger - eyeLarge).pow(2).sum().item<float>();
            Assert.Equal(Math.Abs(rows - cols) * Math.Pow(lambda, 4), largerPenalty, 3);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void PositiveOtherwise(long rows, long cols, double lambda)
    {
        using var q = Orthonormal(rows, cols, seed: 4);
        long n = Math.Min(rows, cols);

        // Wrong scale: G = (1.1λ)²I, so R = n·((1.21 − 1)λ²)² exactly (float rounding ~1e-6 relative).
        using (var scaled = q * (1.1 * lambda))
        using (var r = LipschitzPenalty.Of(scaled, lambda * lambda))
        {
            double expected = n * Math.Pow(0.21 * lambda * lambda, 2);
            Assert.Equal(expected, r.item<float>(), expected * 1e-4);
        }

        // Right scale, rows/columns no longer orthogonal.
        using var generator = new Generator(5);
        using var noise = randn(q.shape, generator: generator) * 0.1;
        using var perturbed = (q + noise) * lambda;
        using var rp = LipschitzPenalty.Of(perturbed, lambda * lambda);
        Assert.True(rp.item<float>() > 100 * ZeroTolerance, $"R = {rp.item<float>()} for a perturbed matrix.");
    }

    [Fact]
    public void MatchesTheFrobeniusDefinition()
    {
        using var generator = new Generator(6);
        using var w = randn([7, 11], generator: generator, dtype: ScalarType.Float64);
        double l2 = 0.3;
        // Written out entry by entry: Σ_ij (Σ_k w_ik w_jk − l2·δ_ij)².
        double expected = 0;
        var a = w.data<double>().ToArray();
        for (int i = 0; i < 7; i++)
            for (int j = 0; j < 7; j++)
            {
                double g = 0;
                for (int k = 0; k < 11; k++) g += a[i * 11 + k] * a[j * 11 + k];
                expected += Math.Pow(g - (i == j ? l2 : 0), 2);
            }
        using var r = LipschitzPenalty.Of(w, l2);
        Assert.Equal(expected, r.item<double>(), expected * 1e-12); // float64 throughout: rounding only
    }

    [Theory]
    [InlineData(5, 16)]
    [InlineData(16, 5)]
    public void OneGradientStepLowersIt(long rows, long cols)
    {
        using var generator = new Generator(7);
        using var w = (randn([rows, cols], generator: generator) * 0.4).requires_grad_(true);
        double target = LambdaHalf * LambdaHalf;

        using var before = LipschitzPenalty.Of(w, target);
        before.backward();
        double gradNorm = w.grad!.norm().item<float>();
        Assert.True(gradNorm > 0, "No gradient reaches W.");
        using var stepped = (w.detach() - w.grad! * 0.01).detach();
        using var after = LipschitzPenalty.Of(stepped, target);

        // A step of 0.01 along −∇R lowers R by about 0.01·‖∇R‖² to first order; require at least half of that.
        double decrease = before.item<float>() - after.item<float>();
        Assert.True(decrease > 0.5 * 0.01 * gradNorm * gradNorm,
            $"R went from {before.item<float>()} to {after.item<float>()} (‖∇R‖ = {gradNorm}).");
    }
}
