using DeltaFunctions.Lakehouse.Catalog;

namespace DeltaFunctions.Lakehouse;

// TEMPORARY: the implementing half of the facade contract in LakehouseEngine.cs, so dependants compile while
// the engine is written. The Lakehouse SQL front end replaces this file with the real implementation.
public sealed partial class LakehouseEngine
{
    /// <summary>Initializes a new instance of the <see cref="LakehouseEngine"/> class.</summary>
    /// <param name="options">The engine settings.</param>
    /// <param name="timeProvider">The clock for commit timestamps and retention; the system clock when null.</param>
    public LakehouseEngine(LakehouseOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        TimeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets the engine settings.</summary>
    public LakehouseOptions Options { get; }

    /// <summary>Gets the clock the engine uses.</summary>
    public TimeProvider TimeProvider { get; }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    public partial Task<LakehouseResult> ExecuteAsync(string statement, IReadOnlyList<LakehouseParameter>? parameters, LakehouseSession? session, CancellationToken cancellationToken) => throw Pending();

    public partial Task<IReadOnlyList<LakehouseResult>> ExecuteScriptAsync(string script, IReadOnlyList<LakehouseParameter>? parameters, LakehouseSession? session, CancellationToken cancellationToken) => throw Pending();

    public partial IReadOnlyList<CatalogEntry> ListCatalogs() => throw Pending();

    public partial CatalogEntry? GetCatalog(string name) => throw Pending();

    public partial IReadOnlyList<SchemaEntry> ListSchemas(string catalog) => throw Pending();

    public partial SchemaEntry? GetSchema(string catalog, string schema) => throw Pending();

    public partial IReadOnlyList<TableEntry> ListTables(string catalog, string schema) => throw Pending();

    public partial TableEntry? GetTable(string catalog, string schema, string table) => throw Pending();

    public partial IReadOnlyList<VolumeEntry> ListVolumes(string catalog, string schema) => throw Pending();

    public partial VolumeEntry? GetVolume(string catalog, string schema, string volume) => throw Pending();

    public partial string ResolveVolumePath(string volumePath) => throw Pending();

    private static NotImplementedException Pending() => new("The Lakehouse engine is not implemented yet.");
}
