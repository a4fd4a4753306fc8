using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using DeltaFunctions.Databricks.Simulation;
using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Http;

/// <summary>
/// The one dry-run interception point: every mutating request of every sub-client passes here before it is sent.
/// Under dry run (the call's own flag, else <see cref="DatabricksClientOptions.DryRun"/>) it returns exactly what
/// would have been sent, redacted, and the caller sends nothing; otherwise it returns null and the caller sends as
/// usual. Reads never come here.
/// </summary>
internal sealed partial class DatabricksApiClient
{
    private const string MutationReason = "Dry run: this request changes the workspace, so it was not sent.";

    private const string UnclassifiedSqlReason =
        "Dry run: arbitrary SQL is not executed, because the client cannot know whether it only reads. "
        + "Pass SqlExecuteOptions.DryRun = false for a statement you know is read-only.";

    /// <summary>Gets a value indicating whether mutating calls are dry runs unless the call says otherwise.</summary>
    public bool DryRun { get; init; }

    /// <summary>Whether a call is a dry run: its own flag when set, else the client's.</summary>
    /// <param name="perCall">The call's <c>DryRun</c> option, or null.</param>
    /// <returns>True for a dry run.</returns>
    public bool IsDryRun(bool? perCall) => perCall ?? DryRun;

    /// <summary>Intercepts a mutating JSON request under dry run.</summary>
    /// <typeparam name="TRequest">The body type.</typeparam>
    /// <param name="perCall">The call's <c>DryRun</c> option, or null.</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The REST path.</param>
    /// <param name="body">The body, serialized exactly as the JSON send methods would.</param>
    /// <param name="requestType">The body's source-generated type info.</param>
    /// <param name="statement">For a SQL statement, its text and parameters.</param>
    /// <param name="unclassifiedSql">Whether the statement is user text the client cannot classify.</param>
    /// <returns>What would have been sent, or null when the request must be sent.</returns>
    public DryRunRequest? InterceptDryRun<TRequest>(
        bool? perCall, HttpMethod method, string path, TRequest body, JsonTypeInfo<TRequest> requestType, SqlStatement? statement = null, bool unclassifiedSql = false)
    {
        if (!IsDryRun(perCall))
        {
            return null;
        }

        var payload = JsonSerializer.SerializeToUtf8Bytes(body, requestType);
        return Capture(method.Method, BuildUri(path, query: null), RedactJson(payload), JsonMediaType.MediaType, payload.Length, statement, unclassifiedSql);
    }

    /// <summary>Intercepts a mutating request without a body (DELETE, PUT of a directory) under dry run.</summary>
    /// <param name="perCall">The call's <c>DryRun</c> option, or null.</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The REST path.</param>
    /// <param name="query">Query parameters, or null.</param>
    /// <returns>What would have been sent, or null when the request must be sent.</returns>
    public DryRunRequest? InterceptDryRun(bool? perCall, HttpMethod method, string path, IEnumerable<KeyValuePair<string, string?>>? query) =>
        IsDryRun(perCall) ? Capture(method.Method, BuildUri(path, query), body: null, contentType: null, length: null, statement: null, unclassifiedSql: false) : null;

    /// <summary>
    /// Intercepts a caller-built request (a binary upload) under dry run. Binary content is described by its media
    /// type and length, not copied.
    /// </summary>
    /// <param name="perCall">The call's <c>DryRun</c> option, or null.</param>
    /// <param name="request">The request as <see cref="SendRawAsync"/> would send it.</param>
    /// <returns>What would have been sent, or null when the request must be sent.</returns>
    public DryRunRequest? InterceptDryRun(bool? perCall, HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.RequestUri);
        if (!IsDryRun(perCall))
        {
            return null;
        }

        var uri = request.RequestUri.IsAbsoluteUri ? request.RequestUri : new Uri(Host, request.RequestUri);
        var headers = request.Content?.Headers;
        return Capture(request.Method.Method, uri, body: null, headers?.ContentType?.MediaType, headers?.ContentLength, statement: null, unclassifiedSql: false);
    }

    private DryRunRequest Capture(string method, Uri uri, string? body, string? contentType, long? length, SqlStatement? statement, bool unclassifiedSql)
    {
        Log.DryRunNotSent(_logger, method, uri.AbsolutePath);
        return new DryRunRequest
        {
            Method = method,
            Path = uri.PathAndQuery,
            Body = body,
            ContentType = contentType,
            ContentLength = length,
            Statement = statement is null ? null : statement with
            {
                Text = SecretRedactor.Redact(statement.Text),
                Parameters = [.. statement.Parameters.Select(p => p.Value is null ? p : p with { Value = SecretRedactor.Redact(p.Value) })],
            },
            Reason = unclassifiedSql ? UnclassifiedSqlReason : MutationReason,
            IsUnclassifiedSql = unclassifiedSql,
        };
    }

    /// <summary>
    /// The JSON text with every credential-shaped string value masked. Redacting the serialized text alone would miss
    /// values the serializer escaped (a token inside a JSON string parameter is preceded by <c>\u0022</c>), so each
    /// string value is redacted unescaped, as is a value whose property name marks it a secret (<c>token</c>, …); the
    /// rest of the text is written back unchanged.
    /// </summary>
    private static string RedactJson(byte[] payload)
    {
        var root = JsonNode.Parse(payload);
        RedactStrings(root);
        return root?.ToJsonString() ?? "null";
    }

    private static void RedactStrings(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (Redacted(value, name) is { } masked)
                    {
                        obj[name] = masked;
                    }
                    else
                    {
                        RedactStrings(value);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (Redacted(array[i], name: null) is { } masked)
                    {
                        array[i] = masked;
                    }
                    else
                    {
                        RedactStrings(array[i]);
                    }
                }

                break;
        }
    }

    /// <summary>A masked replacement for a string value that holds a secret, or null to keep it.</summary>
    private static JsonValue? Redacted(JsonNode? node, string? name)
    {
        if (node is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            return null;
        }

        // The key=value rule of the redactor sees a property named like a secret ("token": "…") as one.
        if (name is not null && SecretRedactor.Redact(name + "=" + text) is var pair && pair != name + "=" + text)
        {
            return JsonValue.Create(pair[(name.Length + 1)..]);
        }

        var redacted = SecretRedactor.Redact(text);
        return redacted == text ? null : JsonValue.Create(redacted);
    }
}
