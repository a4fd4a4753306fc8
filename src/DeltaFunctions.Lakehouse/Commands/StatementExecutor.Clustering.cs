using System.Text.Json;
using System.Text.Json.Nodes;
using DeltaFunctions.Lakehouse.Log;
using DeltaFunctions.Lakehouse.Sql;

namespace DeltaFunctions.Lakehouse.Commands;

/// <summary>
/// Liquid clustering (PROTOCOL.md "Clustered Table"): the clustering columns live in the <c>delta.clustering</c>
/// metadata domain (physical names under column mapping), the table lists the <c>clustering</c> and
/// <c>domainMetadata</c> writer features, <c>CLUSTER BY AUTO</c> is the table property <c>clusterByAuto</c>, and
/// OPTIMIZE rewrites the files not yet clustered (every file with FULL) sorted by the clustering key, marking them
/// with <c>clusteringProvider</c>.
/// </summary>
internal sealed partial class StatementExecutor
{
    /// <summary>The metadata domain holding the clustering columns.</summary>
    internal const string ClusteringDomain = "delta.clustering";

    /// <summary>The <c>clusteringProvider</c> written on files OPTIMIZE clustered (the name Delta uses).</summary>
    internal const string ClusteringProvider = "liquid";

    /// <summary>The table property Databricks sets for <c>CLUSTER BY AUTO</c>.</summary>
    internal const string ClusterByAutoProperty = "clusterByAuto";

    private const int MaxClusteringColumns = 4;

    /// <summary>
    /// The logical clustering columns of a clustered table (empty after <c>CLUSTER BY NONE</c> or for AUTO with no
    /// columns chosen yet), or null when the table is not clustered.
    /// </summary>
    internal static IReadOnlyList<string>? ClusteringColumns(Snapshot snapshot)
    {
        if (!(snapshot.Protocol.WriterFeatures ?? []).Contains("clustering", StringComparer.Ordinal))
        {
            return null;
        }

        if (!snapshot.DomainMetadata.TryGetValue(ClusteringDomain, out var domain))
        {
            return [];
        }

        var names = new List<string>();
        try
        {
            // Delta Spark writes each column as a path (["a"]); the protocol's example shows plain names: read both.
            if (JsonNode.Parse(domain.Configuration)?["clusteringColumns"] is JsonArray columns)
            {
                foreach (var column in columns)
                {
                    var physical = column switch
                    {
                        JsonArray path => string.Join('.', path.Select(p => p?.GetValue<string>())),
                        _ => column?.GetValue<string>(),
                    };
                    if (physical is not null)
                    {
                        names.Add(snapshot.Schema.Fields.FirstOrDefault(f => string.Equals(f.PhysicalName ?? f.Name, physical, StringComparison.Ordinal))?.Name ?? physical);
                    }
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new LakehouseException("DELTA_INVALID_CLUSTERING_METADATA", "XXKDS", $"The {ClusteringDomain} domain metadata cannot be read: {e.Message}");
        }

        return names;
    }

    /// <summary>Resolves and checks clustering columns against a schema, returning their names as the schema spells them.</summary>
    private static List<string> ResolveClusteringColumns(StructType schema, IReadOnlyList<string> columns)
    {
        if (columns.Count > MaxClusteringColumns)
        {
            throw new LakehouseException(
                "DELTA_CLUSTER_BY_INVALID_NUM_COLUMNS",
                "54000",
                $"CLUSTER BY supports up to {MaxClusteringColumns} clustering columns, but the table has {columns.Count} clustering columns. Please remove the extra clustering columns.");
        }

        var resolved = new List<string>();
        foreach (var column in columns)
        {
            var field = schema.Find(column)
                ?? throw new LakehouseException("DELTA_COLUMN_NOT_FOUND_IN_SCHEMA", "42703", $"Couldn't find column {column} in:\n{string.Join(", ", schema.Fields.Select(f => f.Name))}");
            if (field.Type.IsNested)
            {
                throw new LakehouseException(
                    "DELTA_CLUSTERING_COLUMNS_DATATYPE_NOT_SUPPORTED",
                    "0A000",
                    $"CLUSTER BY is not supported because the following column(s): {field.Name} : {field.Type.ToSqlText()} don't support data skipping.");
            }

            if (resolved.Contains(field.Name, StringComparer.OrdinalIgnoreCase))
            {
                throw new LakehouseException("DELTA_DUPLICATE_COLUMNS_FOUND", "42711", $"Found duplicate column(s) in CLUSTER BY: {field.Name}");
            }

            resolved.Add(field.Name);
        }

        return resolved;
    }

    /// <summary>Records the clustering columns in a transaction as the <c>delta.clustering</c> domain (physical names).</summary>
    private static void RecordClustering(DeltaTransaction transaction, StructType schema, IReadOnlyList<string> columns)
    {
        var physical = columns.Select(c => schema.Find(c)!).Select(f => (JsonNode?)new JsonArray(JsonValue.Create(f.PhysicalName ?? f.Name)));
        transaction.SetDomainMetadata(ClusteringDomain, new JsonObject { ["clusteringColumns"] = new JsonArray([.. physical]) }.ToJsonString());
    }

    private LakehouseResult AlterClusterBy(AlterTableClusterByStatement s)
    {
        var (_, log, snapshot) = OpenTable(s.Table);
        if (snapshot.Metadata.PartitionColumns.Count > 0)
        {
            throw new LakehouseException(
                "DELTA_ALTER_TABLE_CLUSTER_BY_ON_PARTITIONED_TABLE_NOT_ALLOWED",
                "42000",
                "ALTER TABLE CLUSTER BY cannot be applied to a partitioned table.");
        }

        var columns = ResolveClusteringColumns(snapshot.Schema, s.ClusterBy.Columns);
        var configuration = new Dictionary<string, string>(snapshot.Metadata.Configuration);
        if (s.ClusterBy.Auto)
        {
            configuration[ClusterByAutoProperty] = "true";
        }
        else
        {
            configuration.Remove(ClusterByAutoProperty);
        }

        var transaction = BeginTransaction(log, snapshot);
        if (s.ClusterBy.Auto != snapshot.Metadata.Configuration.ContainsKey(ClusterByAutoProperty))
        {
            transaction.UpdateMetadata(snapshot.Metadata with { Configuration = configuration });
        }

        transaction.UpdateProtocol(TableFeatures.AddWriterFeatures(snapshot.Protocol, "domainMetadata", "clustering"));

        // AUTO keeps the columns chosen so far (Databricks picks them later); explicit columns and NONE replace them.
        var current = ClusteringColumns(snapshot) ?? [];
        RecordClustering(transaction, snapshot.Schema, s.ClusterBy.Auto ? current : columns);
        Commit(transaction,
            "CLUSTER BY",
            new Dictionary<string, string>
            {
                ["oldClusteringColumns"] = string.Join(",", current),
                ["newClusteringColumns"] = string.Join(",", s.ClusterBy.Auto ? current : columns),
            },
            null,
            Token);
        return LakehouseResult.Empty;
    }

    /// <summary>Checks OPTIMIZE's clauses against the table's layout: clustered tables take neither WHERE nor ZORDER BY; FULL needs clustering.</summary>
    private static void CheckOptimizeLayout(OptimizeStatement s, IReadOnlyList<string>? clustering)
    {
        if (clustering is not null && s.ZOrderBy.Count > 0)
        {
            throw new LakehouseException(
                "DELTA_CLUSTERING_WITH_ZORDER_BY",
                "42613",
                $"OPTIMIZE command for Delta table with Liquid clustering cannot specify ZORDER BY. Please remove ZORDER BY ({string.Join(", ", s.ZOrderBy)}).");
        }

        if (clustering is not null && s.Where is not null)
        {
            throw new LakehouseException(
                "DELTA_CLUSTERING_WITH_PARTITION_PREDICATE",
                "0A000",
                $"OPTIMIZE command for Delta table with clustering cannot specify partition predicates. Please remove the predicates: {s.Where}.");
        }

        if (s.Full && (clustering is null || clustering.Count == 0))
        {
            throw new LakehouseException(
                "DELTA_OPTIMIZE_FULL_NOT_SUPPORTED",
                "42601",
                "OPTIMIZE FULL is only supported for clustered tables with non-empty clustering columns.");
        }
    }
}
