using System.Text.Json.Nodes;
using DeltaFunctions.Lakehouse.Catalog;
using DeltaFunctions.Lakehouse.Log;
using DeltaFunctions.Lakehouse.Sql;
using DuckDB.NET.Data;

namespace DeltaFunctions.Lakehouse;

/// <summary>The catalog-browsing half of the facade (what the Unity Catalog endpoints read).</summary>
public sealed partial class LakehouseEngine
{
    /// <inheritdoc />
    public partial IReadOnlyList<CatalogEntry> ListCatalogs() => _catalog.ListCatalogs();

    /// <inheritdoc />
    public partial CatalogEntry? GetCatalog(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _catalog.GetCatalog(name);
    }

    /// <inheritdoc />
    public partial IReadOnlyList<SchemaEntry> ListSchemas(string catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return _catalog.ListSchemas(catalog);
    }

    /// <inheritdoc />
    public partial SchemaEntry? GetSchema(string catalog, string schema)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(schema);
        return _catalog.GetSchema(catalog, schema);
    }

    /// <inheritdoc />
    public partial IReadOnlyList<TableEntry> ListTables(string catalog, string schema)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(schema);
        var names = _catalog.ListTableNames(catalog, schema);
        var schemaEntry = _catalog.GetSchema(catalog, schema);
        if (schemaEntry is null || names.Count == 0)
        {
            return [];
        }

        // One connection for the whole listing (Parquet checkpoints are decoded on it).
        using var connection = DuckDb.Connect();
        return [.. names.Select(t => ReadTable(schemaEntry, t, connection)).OfType<TableEntry>()];
    }

    /// <inheritdoc />
    public partial TableEntry? GetTable(string catalog, string schema, string table)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(table);
        var schemaEntry = _catalog.GetSchema(catalog, schema);
        if (schemaEntry is null)
        {
            return null;
        }

        using var connection = DuckDb.Connect();
        return ReadTable(schemaEntry, table, connection);
    }

    private TableEntry? ReadTable(SchemaEntry schemaEntry, string table, DuckDBConnection connection)
    {
        var found = _catalog.FindTable(schemaEntry, table);
        if (found is null)
        {
            return null;
        }

        var log = DeltaLog.ForTable(found.Value.Location, TimeProvider, connection);
        if (!log.Exists)
        {
            return null;
        }

        var snapshot = log.GetSnapshot();
        var metadata = snapshot.Metadata;
        var partitions = metadata.PartitionColumns;
        var columns = snapshot.Schema.Fields.Select((f, i) => ToColumnEntry(f, i, partitions)).ToList();
        var created = metadata.CreatedTime is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : snapshot.Timestamp;
        return new TableEntry(
            schemaEntry.Catalog,
            schemaEntry.Name,
            table.ToLowerInvariant(),
            found.Value.External ? "EXTERNAL" : "MANAGED",
            "DELTA",
            metadata.Id,
            found.Value.Location,
            metadata.Description,
            metadata.Configuration,
            columns,
            partitions,
            created,
            snapshot.Timestamp,
            snapshot.Version,
            _catalog.GetPredictiveOptimization(schemaEntry, table));
    }

    /// <inheritdoc />
    public partial IReadOnlyList<VolumeEntry> ListVolumes(string catalog, string schema)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(schema);
        return _catalog.ListVolumes(catalog, schema);
    }

    /// <inheritdoc />
    public partial VolumeEntry? GetVolume(string catalog, string schema, string volume)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(volume);
        return _catalog.GetVolume(catalog, schema, volume);
    }

    /// <inheritdoc />
    public partial string ResolveVolumePath(string volumePath) => _catalog.ResolveVolumePath(volumePath);

    private static ColumnEntry ToColumnEntry(StructField field, int position, IReadOnlyList<string> partitions)
    {
        var typeText = SqlTypes.NormalizeDatabricks(field.Type.ToSqlText());
        var json = new JsonObject
        {
            ["name"] = field.Name,
            ["type"] = field.Type.ToJson(),
            ["nullable"] = field.Nullable,
            ["metadata"] = new JsonObject(field.Metadata.Select(kv => KeyValuePair.Create(kv.Key, kv.Value?.DeepClone()))),
        };
        var partitionIndex = -1;
        for (var i = 0; i < partitions.Count; i++)
        {
            if (partitions[i].Equals(field.Name, StringComparison.OrdinalIgnoreCase))
            {
                partitionIndex = i;
            }
        }

        int? precision = field.Type is DecimalType d ? d.Precision : null;
        int? scale = field.Type is DecimalType d2 ? d2.Scale : null;
        return new ColumnEntry(
            field.Name,
            typeText.ToLowerInvariant(),
            SqlTypes.TypeName(typeText),
            json.ToJsonString(),
            position,
            field.Nullable,
            field.Comment,
            partitionIndex < 0 ? null : partitionIndex,
            precision,
            scale);
    }
}
