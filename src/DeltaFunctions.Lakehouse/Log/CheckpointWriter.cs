using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using DuckDB.NET.Data;

namespace DeltaFunctions.Lakehouse.Log;

/// <summary>
/// Writes a classic single-file Parquet checkpoint (<c>n.checkpoint.parquet</c>) of a snapshot with the
/// checkpoint schema of PROTOCOL.md (protocol, metaData, txn, add, remove columns), then <c>_last_checkpoint</c>.
/// The actions are staged as JSON lines and converted by DuckDB with an explicit schema.
/// </summary>
internal static class CheckpointWriter
{
    private const string DvType = "STRUCT(storageType VARCHAR, pathOrInlineDv VARCHAR, \"offset\" INTEGER, sizeInBytes INTEGER, cardinality BIGINT)";

    private const string Columns =
        "{'txn': 'STRUCT(appId VARCHAR, version BIGINT, lastUpdated BIGINT)', " +
        "'add': 'STRUCT(path VARCHAR, partitionValues MAP(VARCHAR, VARCHAR), size BIGINT, modificationTime BIGINT, dataChange BOOLEAN, stats VARCHAR, tags MAP(VARCHAR, VARCHAR), deletionVector " + DvType + ", baseRowId BIGINT, defaultRowCommitVersion BIGINT)', " +
        "'remove': 'STRUCT(path VARCHAR, deletionTimestamp BIGINT, dataChange BOOLEAN, extendedFileMetadata BOOLEAN, partitionValues MAP(VARCHAR, VARCHAR), size BIGINT, deletionVector " + DvType + ", baseRowId BIGINT, defaultRowCommitVersion BIGINT)', " +
        "'metaData': 'STRUCT(id VARCHAR, name VARCHAR, description VARCHAR, format STRUCT(provider VARCHAR, options MAP(VARCHAR, VARCHAR)), schemaString VARCHAR, partitionColumns VARCHAR[], configuration MAP(VARCHAR, VARCHAR), createdTime BIGINT)', " +
        "'protocol': 'STRUCT(minReaderVersion INTEGER, minWriterVersion INTEGER, readerFeatures VARCHAR[], writerFeatures VARCHAR[])'}";

    /// <summary>Writes the checkpoint of a snapshot and points <c>_last_checkpoint</c> at it.</summary>
    /// <param name="snapshot">The snapshot to capture.</param>
    /// <returns>The checkpoint file path.</returns>
    public static string Write(Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var log = snapshot.Log;
        var version = snapshot.Version.ToString("D20", CultureInfo.InvariantCulture);
        var staging = Path.Combine(log.LogPath, $".{version}.checkpoint.{Guid.NewGuid():N}.json.tmp");
        var tempParquet = Path.Combine(log.LogPath, $".{version}.checkpoint.{Guid.NewGuid():N}.parquet.tmp");
        var target = Path.Combine(log.LogPath, $"{version}.checkpoint.parquet");
        long count = 0;
        try
        {
            using (var writer = new StreamWriter(staging, false, new UTF8Encoding(false)))
            {
                void Line(object action)
                {
                    writer.Write(ActionCodec.ToLine(action));
                    writer.Write('\n');
                    count++;
                }

                Line(snapshot.Protocol);
                Line(snapshot.Metadata);
                foreach (var t in snapshot.Transactions.Values)
                {
                    Line(t);
                }

                foreach (var a in snapshot.Files)
                {
                    Line(a with { DataChange = false });
                }

                foreach (var r in snapshot.Tombstones)
                {
                    Line(r with { DataChange = false });
                }
            }

            using (var connection = new DuckDBConnection("DataSource=:memory:"))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText =
                    $"COPY (SELECT txn, \"add\", remove, metaData, protocol FROM read_json({SqlNames.Literal(staging)}, format = 'newline_delimited', columns = {Columns})) " +
                    $"TO {SqlNames.Literal(tempParquet)} (FORMAT parquet, COMPRESSION snappy)";
                command.ExecuteNonQuery();
            }

            File.Move(tempParquet, target, overwrite: true);
            var last = new JsonObject
            {
                ["version"] = snapshot.Version,
                ["size"] = count,
                ["numOfAddFiles"] = snapshot.Files.Count,
            };
            var lastTemp = Path.Combine(log.LogPath, $"._last_checkpoint.{Guid.NewGuid():N}.tmp");
            File.WriteAllText(lastTemp, last.ToJsonString(), new UTF8Encoding(false));
            File.Move(lastTemp, Path.Combine(log.LogPath, "_last_checkpoint"), overwrite: true);
            return target;
        }
        finally
        {
            File.Delete(staging);
            File.Delete(tempParquet);
        }
    }
}
