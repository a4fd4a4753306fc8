using System.Text.RegularExpressions;
using DeltaFunctions.Databricks.Delta;
using DeltaFunctions.Databricks.Schema;
using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Testing.Seeding;

/// <summary>
/// A table to create in the emulator's catalog before a test: from rows (objects whose properties are the columns,
/// or dictionaries with the columns listed) or from a folder holding a Delta table or Parquet files. Pass it in
/// <see cref="DatabricksEmulatorOptions.Tables"/> or to <see cref="DatabricksEmulator.SeedAsync"/>.
/// </summary>
public abstract partial class EmulatorTable
{
    private protected EmulatorTable(string name)
    {
        if (!TableName.TryParse(name, out var parsed, out var error))
        {
            throw new ArgumentException($"'{name}' is not a table name: {error}.", nameof(name));
        }

        Name = parsed;
    }

    /// <summary>Gets the table's full name.</summary>
    public TableName Name { get; }

    /// <summary>A table holding <paramref name="rows"/>; column names and types come from <typeparamref name="T"/>'s properties (snake_case) unless listed.</summary>
    /// <typeparam name="T">The row type, or <c>IReadOnlyDictionary&lt;string, object?&gt;</c> with <paramref name="columns"/>.</typeparam>
    /// <param name="name">The full name, <c>catalog.schema.table</c>; the catalog and schema are created when missing.</param>
    /// <param name="rows">The rows (may be empty: the table is created with its columns).</param>
    /// <param name="columns">The columns and SQL types; inferred when null.</param>
    /// <returns>The seed.</returns>
    public static EmulatorTable FromRows<T>(string name, IEnumerable<T> rows, IReadOnlyList<SchemaColumn>? columns = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var materialized = rows.ToList();

        // Checked now, so a bad row type fails where the test declares it rather than when the emulator starts.
        var source = RowSource.FromObjects(materialized, columns);
        return new RowsTable(name, source.Columns, (delta, table, cancellationToken) =>
            delta.WriteTableAsync(table, materialized, WriteMode.Append, new WriteTableOptions { Columns = source.Columns }, cancellationToken));
    }

    /// <summary>
    /// A table from a folder: a Delta table (the folder holds <c>_delta_log</c>; its history and versions are kept) or
    /// Parquet files (read, also from subfolders, into a new Delta table). The folder is copied; the original is never
    /// changed.
    /// </summary>
    /// <param name="name">The full name, <c>catalog.schema.table</c> (plain names: letters, digits, underscores).</param>
    /// <param name="folder">The folder.</param>
    /// <returns>The seed.</returns>
    public static EmulatorTable FromFolder(string name, string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The folder '{folder}' to seed {name} from does not exist.");
        }

        return new FolderTable(name, Path.GetFullPath(folder));
    }

    /// <summary>Creates the table in the emulator.</summary>
    /// <param name="emulator">The emulator.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A task that completes when the table holds its rows.</returns>
    internal abstract Task CreateAsync(DatabricksEmulator emulator, CancellationToken cancellationToken);

    private sealed class RowsTable(string name, IReadOnlyList<SchemaColumn> columns, Func<DeltaClient, string, CancellationToken, Task> write)
        : EmulatorTable(name)
    {
        internal override async Task CreateAsync(DatabricksEmulator emulator, CancellationToken cancellationToken)
        {
            var definition = string.Join(", ", columns.Select(c => SqlIdentifier.Quote(c.Name) + " " + c.Type + (c.Nullable ? string.Empty : " NOT NULL")));
            await emulator.ExecuteSeedSqlAsync($"CREATE TABLE {Name.ToSql()} ({definition})", cancellationToken).ConfigureAwait(false);
            await write(emulator.SeedClient.GetDeltaClient(Name.Catalog, Name.Schema), Name.Table, cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed partial class FolderTable(string name, string folder) : EmulatorTable(name)
    {
        internal override async Task CreateAsync(DatabricksEmulator emulator, CancellationToken cancellationToken)
        {
            var isDelta = Directory.Exists(Path.Combine(folder, "_delta_log"));
            if (!isDelta && !Directory.EnumerateFiles(folder, "*.parquet", SearchOption.AllDirectories).Any())
            {
                throw new ArgumentException($"The folder '{folder}' holds neither a Delta table (_delta_log) nor Parquet files, so {Name} cannot be seeded from it.");
            }

            // The copy lives in a volume of the table's schema, where the engine may read files; its folder name is a
            // fresh id, so nothing from the caller is spliced into the statements but the quoted table name.
            if (!PlainName().IsMatch(Name.Catalog) || !PlainName().IsMatch(Name.Schema))
            {
                throw new ArgumentException($"Seeding {Name} from a folder needs a catalog and schema of letters, digits and underscores (the copy goes into a volume path).");
            }

            var volume = new TableName(Name.Catalog, Name.Schema, "seed_files");
            await emulator.ExecuteSeedSqlAsync($"CREATE VOLUME IF NOT EXISTS {volume.ToSql()}", cancellationToken).ConfigureAwait(false);
            var id = Guid.NewGuid().ToString("N");
            var volumePath = $"/Volumes/{Name.Catalog}/{Name.Schema}/seed_files/{id}";
            CopyFolder(folder, emulator.Host.Engine.ResolveVolumePath(volumePath));
            var sql = isDelta
                ? $"CREATE TABLE {Name.ToSql()} LOCATION '{volumePath}'"
                : $"CREATE TABLE {Name.ToSql()} AS SELECT * FROM parquet.`{volumePath}`";
            await emulator.ExecuteSeedSqlAsync(sql, cancellationToken).ConfigureAwait(false);
        }

        [GeneratedRegex("^[A-Za-z0-9_]+$", RegexOptions.CultureInvariant)]
        private static partial Regex PlainName();

        private static void CopyFolder(string from, string to)
        {
            Directory.CreateDirectory(to);
            foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(to, Path.GetRelativePath(from, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }
    }
}
