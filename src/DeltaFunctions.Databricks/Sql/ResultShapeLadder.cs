using System.Net;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// The fixed fallback ladder between result shapes. Warehouses differ in the disposition/format pairs they serve
/// (docs/databricks-notes.md, "SQL result shapes by warehouse type"): classic warehouses refuse ARROW_STREAM with
/// INLINE, some serverless warehouses serve only ARROW_STREAM with INLINE (as <c>result.attachment</c>) and answer
/// EXTERNAL_LINKS with NOT_IMPLEMENTED. When the caller leaves <see cref="SqlExecuteOptions.Disposition"/> unset, a
/// refused pair is followed by the next one of its ladder; every rung decodes to the same typed rows.
/// <list type="bullet">
/// <item>Rows with JSON_ARRAY preferred (the default of <see cref="SqlClient.ExecuteAsync"/>): JSON_ARRAY+INLINE,
/// JSON_ARRAY+EXTERNAL_LINKS, ARROW_STREAM+INLINE_OR_EXTERNAL_LINKS, ARROW_STREAM+INLINE, ARROW_STREAM+EXTERNAL_LINKS.</item>
/// <item>ARROW_STREAM (the default of the streaming reads; batches must stay Arrow): ARROW_STREAM+EXTERNAL_LINKS,
/// ARROW_STREAM+INLINE_OR_EXTERNAL_LINKS, ARROW_STREAM+INLINE.</item>
/// <item>An explicit disposition, or CSV: that pair only.</item>
/// </list>
/// </summary>
internal static class ResultShapeLadder
{
    private static readonly ResultShape JsonInline = new(ResultFormat.JsonArray, ResultDisposition.Inline);
    private static readonly ResultShape JsonLinks = new(ResultFormat.JsonArray, ResultDisposition.ExternalLinks);
    private static readonly ResultShape ArrowHybrid = new(ResultFormat.ArrowStream, ResultDisposition.InlineOrExternalLinks);
    private static readonly ResultShape ArrowInline = new(ResultFormat.ArrowStream, ResultDisposition.Inline);
    private static readonly ResultShape ArrowLinks = new(ResultFormat.ArrowStream, ResultDisposition.ExternalLinks);

    /// <summary>Gets the ladder for rows when JSON_ARRAY is preferred.</summary>
    public static IReadOnlyList<ResultShape> JsonRows { get; } = [JsonInline, JsonLinks, ArrowHybrid, ArrowInline, ArrowLinks];

    /// <summary>Gets the ladder for Arrow results.</summary>
    public static IReadOnlyList<ResultShape> Arrow { get; } = [ArrowLinks, ArrowHybrid, ArrowInline];

    /// <summary>The shapes to try, in order, for a statement run with <paramref name="options"/>.</summary>
    /// <param name="options">The caller's options.</param>
    /// <returns>The ladder; one pair when the caller named the disposition or asked for CSV.</returns>
    public static IReadOnlyList<ResultShape> For(SqlExecuteOptions options)
    {
        var format = options.Format ?? ResultFormat.JsonArray;
        if (options.Disposition is { } disposition)
        {
            return [new ResultShape(format, disposition)];
        }

        if (format == ResultFormat.JsonArray)
        {
            return JsonRows;
        }

        return format == ResultFormat.ArrowStream ? Arrow : [new ResultShape(format, ResultDisposition.ExternalLinks)];
    }

    /// <summary>
    /// The shapes to rerun a statement with after its inline result exceeded the 25 MiB limit: the rest of its ladder
    /// without the pure INLINE rungs.
    /// </summary>
    /// <param name="ladder">The statement's ladder.</param>
    /// <param name="failed">The shape whose inline result was too large.</param>
    /// <returns>The remaining shapes, possibly none.</returns>
    public static IReadOnlyList<ResultShape> ForLargeResult(IReadOnlyList<ResultShape> ladder, ResultShape failed) =>
        [.. ladder.SkipWhile(shape => shape != failed).Skip(1).Where(shape => shape.Disposition != ResultDisposition.Inline)];

    /// <summary>
    /// Whether a submission failed because the warehouse does not serve the requested disposition/format pair: HTTP
    /// 400 INVALID_PARAMETER_VALUE (or BAD_REQUEST) about the disposition or format, or NOT_IMPLEMENTED (HTTP 501)
    /// about the disposition. A failed statement (SQL error) never counts.
    /// </summary>
    /// <param name="exception">The failure of the submission.</param>
    /// <returns>True when the next shape of the ladder should be tried.</returns>
    public static bool IsRefusal(DatabricksException exception)
    {
        if (exception is SqlStatementException || exception.StatusCode is not { } status)
        {
            return false;
        }

        var message = exception.Message;
        var aboutShape = message.Contains("disposition", StringComparison.OrdinalIgnoreCase)
            || message.Contains("format field", StringComparison.OrdinalIgnoreCase);
        var refused = exception.ErrorCode == DatabricksErrorCode.NotImplemented
            || status == HttpStatusCode.NotImplemented
            || (status == HttpStatusCode.BadRequest
                && (exception.ErrorCode == DatabricksErrorCode.InvalidParameterValue || exception.ErrorCode == DatabricksErrorCode.BadRequest));
        return refused && aboutShape;
    }
}
