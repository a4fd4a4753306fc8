using System.ComponentModel.DataAnnotations;
using DeltaFunctions.Databricks.Delta;

namespace DeltaFunctions.Pipelines.Handlers;

/// <summary>Settings of <see cref="MergeRequestHandler"/> and <see cref="SqlRequestHandler"/> (configuration section <c>Pipelines:Handlers</c>).</summary>
public sealed class RequestHandlerOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Pipelines:Handlers";

    /// <summary>The warehouse statements run on when a request names none. <value>Default: null, the client's <c>Databricks:WarehouseId</c>.</value></summary>
    public string? WarehouseId { get; set; }

    /// <summary>
    /// The column an append records its batch id in; the target table of an append must have it (STRING). Schema
    /// evolution cannot add it, because the MERGE joins on it. <value>Default: <c>_batch_id</c>.</value>
    /// </summary>
    [Required]
    public string AppendBatchIdColumn { get; set; } = "_batch_id";

    /// <summary>
    /// How inline merge rows are sent: one bound JSON parameter expanded with <c>inline(from_json(…))</c> (Databricks
    /// and the emulator), or a VALUES table with one typed parameter per cell (engines without <c>inline</c> or
    /// <c>from_json</c>). <value>Default: <see cref="SourceRowEncoding.JsonParameter"/>.</value>
    /// </summary>
    public SourceRowEncoding RowEncoding { get; set; } = SourceRowEncoding.JsonParameter;

    /// <summary>
    /// A volume directory (<c>/Volumes/&lt;catalog&gt;/&lt;schema&gt;/&lt;volume&gt;[/dir]</c>) where the client stages
    /// inline merge rows larger than its threshold (64 KiB of row JSON) as a Parquet file instead of binding them; see
    /// <see cref="DeltaClientOptions.StagingVolumePath"/>. <value>Default: null, rows are always bound.</value>
    /// </summary>
    [RegularExpression("^/Volumes/[^/]+/[^/]+/[^/]+(/.*)?$", ErrorMessage = "StagingVolumePath must be a volume directory: /Volumes/<catalog>/<schema>/<volume>[/dir].")]
    public string? StagingVolumePath { get; set; }

    /// <summary>The Retry-After given for a transient failure when Databricks sent none. <value>Default: 30 seconds.</value></summary>
    public TimeSpan DefaultRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The Retry-After given after a Delta concurrency conflict. <value>Default: 5 seconds.</value></summary>
    public TimeSpan ConflictRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often the client runs a MERGE that lost a Delta concurrency conflict again, with backoff
    /// (<see cref="DeltaClientOptions.MaxConflictRetries"/>), before the outcome is transient. <value>Default: 3.</value>
    /// </summary>
    [Range(0, DeltaClient.MaxConflictRetriesLimit)]
    public int MaxConflictRetries { get; set; } = 3;

    /// <summary>The longest a statement may run before the outcome is transient. <value>Default: 5 minutes.</value></summary>
    public TimeSpan StatementTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The most rows a SQL result carries inline; larger results are referenced by statement id. <value>Default: 1,000.</value></summary>
    [Range(0, 1_000_000)]
    public long InlineRowLimit { get; set; } = 1_000;

    /// <summary>The most bytes (as reported by the manifest) a SQL result carries inline. <value>Default: 256 KiB (Service Bus standard messages are 256 KB).</value></summary>
    [Range(0, long.MaxValue)]
    public long InlineByteLimit { get; set; } = 256 * 1024;
}
