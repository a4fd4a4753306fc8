using System.Text.Json;

namespace DeltaFunctions.Pipelines.Merge;

/// <summary>
/// A request to merge rows into a Delta table: rows given inline as JSON objects, or a file staged under
/// <c>/Volumes</c>. Upserts match on <see cref="Keys"/>, so applying the same request twice changes nothing the
/// second time; appends carry a <see cref="BatchId"/> so a redelivered batch is recognised and skipped.
/// </summary>
public sealed record MergeRequest
{
    /// <summary>The most rows one request may carry inline; larger batches are staged as files.</summary>
    public const int MaxInlineRows = 10_000;

    /// <summary>The target table, <c>catalog.schema.table</c> (parts with special characters in backticks).</summary>
    public required string TargetTable { get; init; }

    /// <summary>Upsert on keys, or append. <value>Default: <see cref="MergeMode.Upsert"/>.</value></summary>
    public MergeMode Mode { get; init; } = MergeMode.Upsert;

    /// <summary>The key columns an upsert matches on (raw column names; required for upserts, absent for appends).</summary>
    public IReadOnlyList<string>? Keys { get; init; }

    /// <summary>The rows, as JSON objects of column → value (1 to <see cref="MaxInlineRows"/>).</summary>
    public IReadOnlyList<JsonElement>? Rows { get; init; }

    /// <summary>A staged source file or folder, <c>/Volumes/&lt;catalog&gt;/&lt;schema&gt;/&lt;volume&gt;/…</c>, instead of <see cref="Rows"/>.</summary>
    public string? SourcePath { get; init; }

    /// <summary>The staged source's format. <value>Default: <see cref="SourceFileFormat.Parquet"/>.</value></summary>
    public SourceFileFormat? SourceFormat { get; init; }

    /// <summary>What an upsert does to matched and unmatched rows. <value>Default: update all columns, insert new rows.</value></summary>
    public MergeClauses? Clauses { get; init; }

    /// <summary>Whether source-only columns are added to the table (<c>MERGE WITH SCHEMA EVOLUTION</c>). <value>Default: false.</value></summary>
    public bool SchemaEvolution { get; init; }

    /// <summary>
    /// An id for the batch, 1–128 of letters, digits and <c>-_.:</c>. Appends record it so a redelivered batch is
    /// not applied twice; when absent the Service Bus message id is used.
    /// </summary>
    public string? BatchId { get; init; }

    /// <summary>
    /// Whether to send nothing: the duplicate-key check and the target's schema are still read, but the MERGE (and a
    /// staged file's upload) is not run, and the result carries the statement and its parameters
    /// (<see cref="Handlers.MergeRequestResult.DryRunStatements"/>) instead of metrics. <value>Default: false (the
    /// App's <c>Databricks:DryRun</c> setting still makes every merge a dry run).</value>
    /// </summary>
    public bool DryRun { get; init; }
}
