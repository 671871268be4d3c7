using CorrectNet.Notebooks;
using CorrectNet.Training;

namespace CorrectNet.Tests.Notebooks;

/// <summary>Notebook 00's run-dependent prose (<see cref="TourReading"/>) comes from the run's own numbers.</summary>
public class TourReadingTests
{
    private static EpochRecord Epoch(int epoch, double seconds) => new(epoch, 0.01, 0.5, 0.8, 0.85, seconds);

    [Fact]
    public void TrainingTimeIsTheSumOfTheRecordedEpochsAndSaysWhoPaidIt()
    {
        EpochRecord[] history = [Epoch(1, 20.5), Epoch(2, 19.5), Epoch(3, 21)];
        Assert.Equal("trained in this run: 3 epoch(s) in 61 s (20.3 s each); later runs load it from the cache.",
            TourReading.Training(history, fromCache: false));
        Assert.Equal("loaded from the cache; the checkpoint records 3 epoch(s) in 61 s (20.3 s each) of training, " +
                     "not repeated here.", TourReading.Training(history, fromCache: true));
        Assert.Equal("the checkpoint records no epoch.", TourReading.Training([], fromCache: true));
    }

    [Fact]
    public void WeakestClassesAreTheLowestAccuraciesLowestFirst()
    {
        string[] names = ["T-shirt", "Trouser", "Pullover", "Shirt", "Coat"];
        double[] accuracy = [0.85, 0.97, 0.72, 0.56, double.NaN]; // Coat: no test image, left out
        Assert.Equal("weakest classes: Shirt 56.0%, Pullover 72.0%, T-shirt 85.0%; mean over classes 77.5%, " +
                     "best Trouser 97.0%.", TourReading.WeakestClasses(names, accuracy));
        Assert.Equal("weakest classes: Pullover 72.0%; mean over classes 84.7%, best Trouser 97.0%.",
            TourReading.WeakestClasses(names[..3], accuracy[..3], count: 1));
        Assert.Throws<ArgumentException>(() => TourReading.WeakestClasses(names, [0.5]));
    }
}
