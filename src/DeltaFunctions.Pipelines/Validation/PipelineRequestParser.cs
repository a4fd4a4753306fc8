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

        if (!System.Text.Unicode.Utf8.IsValid(utf8Json.Span))
        {
            // JsonDocument accepts bytes that are not UTF-8 inside strings and only fails when they are read (an
            // InvalidOperationException out of the handler); name each field instead.
            document.Dispose();
            ReportInvalidUtf8(utf8Json.Span, problems);
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

    /// <summary>Reports every property name or string value whose bytes are not UTF-8, at its path.</summary>
    private static void ReportInvalidUtf8(ReadOnlySpan<byte> utf8Json, ProblemCollector problems)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        var containers = new Stack<(string Path, int NextIndex, bool IsArray)>();
        var path = ProblemCollector.Root;
        string? pendingName = null;
        while (reader.Read())
        {
            string ValuePath()
            {
                if (containers.Count == 0)
                {
                    return ProblemCollector.Root;
                }

                var (parent, next, isArray) = containers.Pop();
                var here = isArray ? ProblemCollector.Index(parent, next) : ProblemCollector.Property(parent, pendingName ?? "?");
                containers.Push((parent, isArray ? next + 1 : next, isArray));
                return here;
            }

            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    var raw = reader.ValueSpan;
                    if (!System.Text.Unicode.Utf8.IsValid(raw))
                    {
                        var parentPath = containers.Count == 0 ? ProblemCollector.Root : containers.Peek().Path;
                        problems.Add(
                            parentPath,
                            ValidationCodes.InvalidJson,
                            $"a property name at byte {reader.TokenStartIndex + 1} is not valid UTF-8 text (for example Latin-1 'ü'); send the body encoded as UTF-8");
                        pendingName = "?";
                    }
                    else
                    {
                        pendingName = reader.GetString();
                    }

                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    path = ValuePath();
                    containers.Push((path, 0, reader.TokenType == JsonTokenType.StartArray));
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    containers.Pop();
                    break;
                case JsonTokenType.String:
                    var at = ValuePath();
                    var bytes = reader.ValueSpan;
                    if (!System.Text.Unicode.Utf8.IsValid(bytes))
                    {
                        problems.Add(
                            at,
                            ValidationCodes.InvalidJson,
                            $"the text at byte {reader.TokenStartIndex + 1} is not valid UTF-8 (for example Latin-1 'ü'); send the body encoded as UTF-8");
                    }

                    break;
                default:
                    _ = ValuePath();
                    break;
            }
        }

        if (problems.Count == 0)
        {
            problems.Add(ProblemCollector.Root, ValidationCodes.InvalidJson, "the body is not valid UTF-8 text; send it encoded as UTF-8");
        }
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
