using CorrectNet.Models;

namespace CorrectNet.Placement;

/// <summary>
/// An analog layer as the placement agent sees it (docs/method.md F30): its profile, its sensitivity (clean accuracy −
/// Monte-Carlo accuracy when only this layer varies, in [0, 1] accuracy units) and the default unit width r.
/// </summary>
public sealed record PlacementSite(LayerProfile Profile, double Sensitivity, int DefaultWidth)
{
    public string Name => Profile.Name;
}
