using CorrectNet.Evaluation;
using CorrectNet.Placement;

namespace CorrectNet.Tests.Experiments;

/// <summary>The searches' entry points mark the process's clock, so their evaluations count to searches.</summary>
[Collection(ProcessStageClockCollection.Name)]
public sealed class StageEntryPointTests
{
    [Fact]
    public void APlacementSearchRunsAsASearchAndItsEvaluationsCountToIt()
    {
        Stage? inside = null;
        var search = new PlacementSearch("probe", "probe", false, false, (_, _, _) =>
        {
            inside = ProcessTimings.Clock.Active;
            using (StageClock.Enter(Stage.MonteCarlo)) Thread.Sleep(30);
            return null!;
        });
        var before = ProcessTimings.Clock.Read().Stages;

        search.Run(null!, 1, 1);

        var after = ProcessTimings.Clock.Read().Stages;
        Assert.Equal(Stage.Searches, inside);
        Assert.True(after.Searches - before.Searches >= 0.025, $"searches grew by {after.Searches - before.Searches}");
        Assert.Equal(before.MonteCarlo, after.MonteCarlo);
        Assert.Null(ProcessTimings.Clock.Active);
    }

    [Fact]
    public void ARaceRunsAsASearch()
    {
        var seen = new HashSet<Stage?>();
        PairedRace.Run([1.0, 0.0], (candidate, chip) =>
        {
            seen.Add(ProcessTimings.Clock.Active);
            return candidate;
        }, new PairedRaceConfig { Chips = 3, MinChips = 2 });

        Assert.Equal([Stage.Searches], seen);
    }
}
