namespace DeltaFunctions.Lakehouse;

/// <summary>The session defaults used to resolve one- and two-part names.</summary>
/// <param name="Catalog">The default catalog.</param>
/// <param name="Schema">The default schema.</param>
public sealed record LakehouseSession(string Catalog = "main", string Schema = "default")
{
    /// <summary>Gets the defaults every new workspace starts with: catalog <c>main</c>, schema <c>default</c>.</summary>
    public static LakehouseSession Default { get; } = new();
}
