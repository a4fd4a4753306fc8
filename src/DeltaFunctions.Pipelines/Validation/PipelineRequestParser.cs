using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using DeltaFunctions.Pipelines.Jobs;
using DeltaFunctions.Pipelines.Maintenance;
using DeltaFunctions.Pipelines.Merge;
using DeltaFunctions.Pipelines.Sql;

namespace DeltaFunctions.Pipelines.Validation;

/// <summary>
/// Turns the raw JSON text of a request (an HTTP body, a Service Bus message body) into either a valid contract or
/// the full list of problems. Never throws for bad input: malformed JSON, wrong types, missing fields and values
/// that break the rules all come back as <see cref="ValidationProblem"/>s with field paths.
/// </summary>
public static class PipelineRequestParser
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    /// <summary>Parses and validates a <see cref="JobRunRequest"/>.</summary>
    /// <param name="utf8Json">The request body as UTF-8 JSON.</param>
    /// <returns>The request, or every problem found.</returns>
    public static ParsedRequest<JobRunRequest> ParseJobRunRequest(ReadOnlyMemory<byte> utf8Json) =>
        Parse(utf8Json, PipelinesJsonContext.Default.JobRunRequest, JobRunRequestValidator.Validate);

    /// <summary>Parses and validates a <see cref="JobRunRequest"/>.</summary>
    /// <param name="json">The request body.</param>
    /// <returns>The request, or every problem found.</returns>
    public static ParsedRequest<JobRunRequest> ParseJobRunRequest(string json) => ParseJobRunRequest(Utf8(json));

    /// <summary>Parses and validates a <see cref="MergeRequest"/>.</summary>
    /// <param name="utf8Json">The request body as UTF-8 JSON.</param>
    /// <returns>The request, or every problem found.</returns>
    public static ParsedRequest<MergeRequest> ParseMergeRequest(ReadOnlyMemory<byte> utf8Json) =>
        Parse(utf8Json, PipelinesJsonContext.Default.MergeRequest, MergeRequestValidator.Validate);

    /// <summary>Parses and validates a <see cref="MergeRequest"/>.</summary>
    /// <param name="json">The request body.</param>
    /// <returns>The request, or every problem found.</returns>
    public static ParsedRequest<MergeRequest> ParseMergeRequest(string json) => ParseMergeRequest(Utf8(json));

    /// <summary>Parses and validates a <see cref="SqlRequest"/>.</summary>
    /// <param name="utf8Json">The request body as UTF-8 JSON.</param>
    /// <returns>The request, or every problem found.</returns>
    public static ParsedRequest<SqlRequest> ParseSqlRequest(ReadOnlyMemory<byte> utf8Json) =>
        Parse(utf8Json, PipelinesJsonContext.Default.SqlRequest, SqlRequestValidator.Validate);

    /// <summary>Parses and validates a <see cref="SqlRequest"/>.</summary>
    /// <param name="json">The request body.</param>
    /// <returns>The request, or every problem found.</returns>
    public static ParsedRequest<SqlRequest> ParseSqlRequest(string json) => ParseSqlRequest(Utf8(json));

    /// <summary>Parses and validates a <see cref="MaintenancePlan"/>.</summary>
    /// <param name="utf8Json">The plan as UTF-8 JSON.</param>
    /// <returns>The plan, or every problem found.</returns>
    public static ParsedRequest<MaintenancePlan> ParseMaintenancePlan(ReadOnlyMemory<byte> utf8Json) =>
        Parse(utf8Json, PipelinesJsonContext.Default.MaintenancePlan, MaintenancePlanValidator.Validate);

    /// <summary>Parses and validates a <see cref="MaintenancePlan"/>.</summary>
    /// <param name="json">The plan.</param>
    /// <returns>The plan, or every problem found.</returns>
    public static ParsedRequest<MaintenancePlan> ParseMaintenancePlan(string json) => ParseMaintenancePlan(Utf8(json));

    private static ReadOnlyMemory<byte> Utf8(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return System.Text.Encoding.UTF8.GetBytes(json);
    }

    private static ParsedRequest<T> Parse<T>(ReadOnlyMemory<byte> utf8Json, JsonTypeInfo<T> typeInfo, Action<T, ProblemCollector> validate)
        where T : class
    {
        var problems = new ProblemCollector();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, DocumentOptions);
        }
        catch (JsonException e)
        {
            problems.Add(ProblemCollector.Root, ValidationCodes.InvalidJson, DescribeSyntaxError(e));
            return new ParsedRequest<T>(null, problems.ToResult());
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                problems.Add(ProblemCollector.Root, ValidationCodes.WrongType, "the request must be a JSON object");
                return new ParsedRequest<T>(null, problems.ToResult());
            }

            JsonShapeValidator.Validate(document.RootElement, typeInfo, ProblemCollector.Root, problems);
            if (problems.Count > 0)
            {
                return new ParsedRequest<T>(null, problems.ToResult());
            }
        }

        T? value;
        try
        {
            value = JsonSerializer.Deserialize(utf8Json.Span, typeInfo);
        }
        catch (JsonException e)
        {
            // The shape check should have caught everything the serializer refuses; keep the guarantee anyway.
            problems.Add(ToPath(e.Path), ValidationCodes.InvalidValue, "the value could not be read: " + e.Message);
            return new ParsedRequest<T>(null, problems.ToResult());
        }

        if (value is null)
        {
            problems.Add(ProblemCollector.Root, ValidationCodes.WrongType, "the request must be a JSON object");
            return new ParsedRequest<T>(null, problems.ToResult());
        }

        validate(value, problems);
        return new ParsedRequest<T>(value, problems.ToResult());
    }

    private static string DescribeSyntaxError(JsonException e)
    {
        var where = e.LineNumber is { } line && e.BytePositionInLine is { } column
            ? $" (line {line + 1}, byte {column + 1})"
            : string.Empty;
        return "the body is not well-formed JSON" + where;
    }

    private static string ToPath(string? jsonPath) =>
        string.IsNullOrEmpty(jsonPath) || jsonPath == "$" ? ProblemCollector.Root
        : jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..]
        : jsonPath;
}
