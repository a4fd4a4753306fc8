using DeltaFunctions.Lakehouse.Catalog;

namespace DeltaFunctions.Lakehouse;

/// <summary>
/// A local Delta Lake workspace: catalogs, schemas, volumes and Delta tables on disk, queried and changed
/// with Databricks SQL. Thread-safe; one instance serves a whole emulator.
/// </summary>
public sealed partial class LakehouseEngine : IDisposable
{
    /// <summary>Executes one Databricks SQL statement.</summary>
    /// <param name="statement">The statement text; <c>:name</c> markers are bound from <paramref name="parameters"/>.</param>
    /// <param name="parameters">The named parameters.</param>
    /// <param name="session">The catalog and schema that resolve short names; <see cref="LakehouseSession.Default"/> when null.</param>
    /// <param name="cancellationToken">Cancels the statement; a cancelled write commits nothing.</param>
    /// <returns>The statement's result.</returns>
    /// <exception cref="LakehouseException">The statement failed (syntax, missing table, Delta conflict, …).</exception>
    public partial Task<LakehouseResult> ExecuteAsync(
        string statement,
        IReadOnlyList<LakehouseParameter>? parameters = null,
        LakehouseSession? session = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Executes one Databricks SQL statement and hands its result to <paramref name="read"/> while the statement is
    /// still open: a query's rows are read from DuckDB one at a time as <paramref name="read"/> enumerates them (a single
    /// pass; neither the engine nor DuckDB holds the whole result), so a caller that writes rows out as it goes keeps
    /// memory flat whatever the result size, and one that stops early stops the query. Commands pass their rows as
    /// <see cref="ExecuteAsync"/> returns them.
    /// </summary>
    /// <typeparam name="T">What <paramref name="read"/> makes of the result.</typeparam>
    /// <param name="statement">The statement text; <c>:name</c> markers are bound from <paramref name="parameters"/>.</param>
    /// <param name="read">
    /// Called once, on the engine's thread, with the result: a query's rows in <see cref="LakehouseResult.RowStream"/>
    /// (enumerate them at most once, before returning; the statement's cancellation still stops them), a command's in
    /// <see cref="LakehouseResult.Rows"/> (the command has run to its end: what it wrote is committed). Errors raised
    /// while reading rows are <see cref="LakehouseException"/>s, as from <see cref="ExecuteAsync"/>.
    /// </param>
    /// <param name="parameters">The named parameters.</param>
    /// <param name="session">The catalog and schema that resolve short names; <see cref="LakehouseSession.Default"/> when null.</param>
    /// <param name="cancellationToken">Cancels the statement, including a query whose rows are being read.</param>
    /// <returns>What <paramref name="read"/> returned.</returns>
    /// <exception cref="LakehouseException">The statement failed (syntax, missing table, Delta conflict, …).</exception>
    public partial Task<T> ExecuteStreamingAsync<T>(
        string statement,
        Func<LakehouseResult, T> read,
        IReadOnlyList<LakehouseParameter>? parameters = null,
        LakehouseSession? session = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Executes a script of statements separated by semicolons (quotes and comments respected), in order,
    /// stopping at the first failure. Notebook jobs run through this.
    /// </summary>
    /// <param name="script">The script text.</param>
    /// <param name="parameters">The named parameters every statement may use.</param>
    /// <param name="session">The catalog and schema that resolve short names.</param>
    /// <param name="cancellationToken">Cancels the script.</param>
    /// <returns>One result per statement executed.</returns>
    /// <exception cref="LakehouseException">A statement failed.</exception>
    public partial Task<IReadOnlyList<LakehouseResult>> ExecuteScriptAsync(
        string script,
        IReadOnlyList<LakehouseParameter>? parameters = null,
        LakehouseSession? session = null,
        CancellationToken cancellationToken = default);

    /// <summary>Lists the catalogs.</summary>
    /// <returns>Every catalog, ordered by name.</returns>
    public partial IReadOnlyList<CatalogEntry> ListCatalogs();

    /// <summary>Gets one catalog.</summary>
    /// <param name="name">The catalog name (case-insensitive).</param>
    /// <returns>The catalog, or <see langword="null"/> when it does not exist.</returns>
    public partial CatalogEntry? GetCatalog(string name);

    /// <summary>Lists the schemas of a catalog.</summary>
    /// <param name="catalog">The catalog name.</param>
    /// <returns>The schemas ordered by name.</returns>
    /// <exception cref="LakehouseException">The catalog does not exist.</exception>
    public partial IReadOnlyList<SchemaEntry> ListSchemas(string catalog);

    /// <summary>Gets one schema.</summary>
    /// <param name="catalog">The catalog name.</param>
    /// <param name="schema">The schema name.</param>
    /// <returns>The schema, or <see langword="null"/> when it does not exist.</returns>
    public partial SchemaEntry? GetSchema(string catalog, string schema);

    /// <summary>Lists the tables of a schema.</summary>
    /// <param name="catalog">The catalog name.</param>
    /// <param name="schema">The schema name.</param>
    /// <returns>The tables ordered by name.</returns>
    /// <exception cref="LakehouseException">The schema does not exist.</exception>
    public partial IReadOnlyList<TableEntry> ListTables(string catalog, string schema);

    /// <summary>Gets one table.</summary>
    /// <param name="catalog">The catalog name.</param>
    /// <param name="schema">The schema name.</param>
    /// <param name="table">The table name.</param>
    /// <returns>The table, or <see langword="null"/> when it does not exist.</returns>
    public partial TableEntry? GetTable(string catalog, string schema, string table);

    /// <summary>Lists the volumes of a schema.</summary>
    /// <param name="catalog">The catalog name.</param>
    /// <param name="schema">The schema name.</param>
    /// <returns>The volumes ordered by name.</returns>
    public partial IReadOnlyList<VolumeEntry> ListVolumes(string catalog, string schema);

    /// <summary>Gets one volume.</summary>
    /// <param name="catalog">The catalog name.</param>
    /// <param name="schema">The schema name.</param>
    /// <param name="volume">The volume name.</param>
    /// <returns>The volume, or <see langword="null"/> when it does not exist.</returns>
    public partial VolumeEntry? GetVolume(string catalog, string schema, string volume);

    /// <summary>
    /// Maps a volume path such as <c>/Volumes/main/default/staging/batch-1.parquet</c> to the local file path
    /// that holds it. The Files API and <c>read_files</c> both go through this, so they see the same files.
    /// </summary>
    /// <param name="volumePath">The absolute volume path.</param>
    /// <returns>The local path (the file or folder need not exist yet).</returns>
    /// <exception cref="LakehouseException">The path is not under an existing volume, or escapes it with <c>..</c>.</exception>
    public partial string ResolveVolumePath(string volumePath);
}
