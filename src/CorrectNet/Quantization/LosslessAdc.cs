namespace CorrectNet.Quantization;

/// <summary>ADC resolution that reads every partial sum of a tile exactly (docs/method.md F18).</summary>
public static class LosslessAdc
{
    /// <summary>
    /// b_lossless = b_c + ⌈log2 R⌉ + b_a, the bound the reference setting uses (17 bits at b_c = 2, R = 128, b_a = 8).
    /// </summary>
    public static int Bits(int bitsPerCell, int rows, int inputBits)
    {
        if (rows < 1) throw new ArgumentOutOfRangeException(nameof(rows), rows, "At least one crossbar row.");
        return bitsPerCell + CeilLog2(rows) + inputBits;
    }

    /// <summary>The exact need ⌈log2(R·(2^b_c − 1)·(2^b_a − 1) + 1)⌉ (≤ <see cref="Bits"/>).</summary>
    public static int ExactBits(int bitsPerCell, int rows, int inputBits)
    {
        if (rows < 1) throw new ArgumentOutOfRangeException(nameof(rows), rows, "At least one crossbar row.");
        double levels = rows * (Math.Pow(2, bitsPerCell) - 1) * (Math.Pow(2, inputBits) - 1) + 1;
        return (int)Math.Ceiling(Math.Log2(levels) - 1e-12);
    }

    private static int CeilLog2(int value)
    {
        int bits = 0;
        while ((1L << bits) < value) bits++;
        return bits;
    }
}
