namespace DeltaFunctions.Pipelines.Handlers;

/// <summary>One page (result chunk) of a referenced SQL result.</summary>
public sealed record SqlResultPage
{
    /// <summary>The statement id.</summary>
    public required string StatementId { get; init; }

    /// <summary>The chunk index of this page.</summary>
    public int ChunkIndex { get; init; }

    /// <summary>The offset of this page's first row in the whole result.</summary>
    public long RowOffset { get; init; }

    /// <summary>The rows as JSON_ARRAY strings.</summary>
    public required IReadOnlyList<IReadOnlyList<string?>> Rows { get; init; }

    /// <summary>The next page's chunk index, or null on the last page.</summary>
    public int? NextChunkIndex { get; init; }
}
