using TorchSharp;

namespace CorrectNet.Benchmarks;

/// <summary>
/// What <see cref="SimulatorBench"/> measures: <see cref="Images"/> seeded random images per forward pass (one
/// batch); <see cref="Repeats"/> timed repetitions of VGG-16 (LeNet-5 gets
/// <see cref="SimulatorBench.LeNetRepeatFactor"/>× as many), the first <see cref="CrossbarRepeats"/> of them with a
/// crossbar-mode chip; <see cref="MatrixRepeats"/> timed torch.mm of two <see cref="MatrixSize"/> ×
/// <see cref="MatrixSize"/> fp32 matrices. The messages name the options of `correctnet bench`, which map one to one
/// onto these fields (<see cref="MatrixRepeats"/> and <see cref="MatrixSize"/> have no option).
/// </summary>
public sealed record BenchSettings(
    int Images, int Repeats, int CrossbarRepeats, int MatrixRepeats, double VggWidth, double Sigma, long Seed,
    int CalibrationImages, bool Quick, torch.Device Device, int MatrixSize = 2048)
{
    public void Validate()
    {
        if (Images < 1) throw new ArgumentException($"--images {Images}: expected ≥ 1.");
        if (Repeats < 1) throw new ArgumentException($"--repeats {Repeats}: expected ≥ 1.");
        if (CrossbarRepeats < 1)
            throw new ArgumentException($"--crossbar-repeats {CrossbarRepeats}: expected ≥ 1.");
        if (!double.IsFinite(VggWidth) || VggWidth <= 0)
            throw new ArgumentException($"--vgg-width {VggWidth}: expected a positive number.");
        if (!double.IsFinite(Sigma) || Sigma < 0) throw new ArgumentException($"--sigma {Sigma}: expected ≥ 0.");
        if (CalibrationImages < 1)
            throw new ArgumentException($"--calibration-images {CalibrationImages}: expected ≥ 1.");
        if (MatrixRepeats < 1) throw new ArgumentException($"Matrix repeats {MatrixRepeats}: expected ≥ 1.");
        if (MatrixSize < 1) throw new ArgumentException($"Matrix size {MatrixSize}: expected ≥ 1.");
    }
}
