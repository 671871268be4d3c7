namespace CorrectNet.Experiments.Caching;

/// <summary>
/// The type name <see cref="ResultCache.KeyOf"/> hashes for a key type instead of its full name. Keys hash their
/// type's name, so a key type that moves to another namespace keeps the name it had when its entries were written;
/// without it every entry of a filled cache (hours of compute) would be orphaned.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class CacheKeyNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
