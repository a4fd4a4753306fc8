using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DeltaFunctions.Databricks.Http;

/// <summary>
/// Turns a non-2xx answer into a <see cref="DatabricksException"/>. Accepts every body shape the official SDKs
/// accept (reference §1.3): <c>{error_code, message, details[]}</c> with google.rpc details (ErrorInfo,
/// RequestInfo, RetryInfo, DebugInfo, BadRequest, …), an integer <c>error_code</c>, legacy <c>{"error": "…"}</c>,
/// OAuth <c>{"error", "error_description"}</c>, SCIM <c>{detail, status, scimType}</c>, plain text
/// <c>CODE: message</c>, HTML with <c>&lt;pre&gt;message&lt;/pre&gt;</c>, and an empty body. Maps the §1.4 quirk
/// (a missing job, run or cluster answered as 400 <c>INVALID_PARAMETER_VALUE</c>) to
/// <see cref="DatabricksErrorCode.ResourceDoesNotExist"/>. Never throws on unknown codes or malformed bodies.
/// </summary>
internal static partial class DatabricksErrorParser
{
    private const int MaxMessageLength = 2000;

    /// <summary>Parses an error answer.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="body">The body text (may be empty).</param>
    /// <param name="headers">The response headers (Retry-After, request id), or null.</param>
    /// <param name="method">The request method, for the message.</param>
    /// <param name="path">The request path (no query), for the message.</param>
    /// <param name="timeProvider">The clock an HTTP-date Retry-After is measured against.</param>
    /// <param name="operation">What was being done, for the message; null: "Databricks answered".</param>
    /// <returns>The exception to throw.</returns>
    public static DatabricksException Parse(
        HttpStatusCode status,
        string? body,
        HttpResponseHeaders? headers,
        string method,
        string path,
        TimeProvider timeProvider,
        string? operation = null)
    {
        var parsed = new ParsedBody();
        var text = body?.Trim() ?? string.Empty;
        if (text.StartsWith('{') && TryParseJson(text, parsed))
        {
            // handled
        }
        else if (PreBlock().Match(text) is { Success: true } pre)
        {
            parsed.Message = WebUtility.HtmlDecode(pre.Groups[1].Value).Trim();
        }
        else if (PlainCode().Match(text) is { Success: true } plain)
        {
            parsed.Code = plain.Groups[1].Value;
            parsed.Message = plain.Groups[2].Value.Trim();
        }
        else if (text.Length > 0 && !text.StartsWith('<'))
        {
            parsed.Message = text;
        }

        var serviceCode = parsed.Code;

        // Some answers (an invalid token's 403) repeat the HTTP status as a number in error_code: that is no
        // Databricks error code, so the code comes from the status the way the SDKs classify it. Other numbers stay.
        var code = string.IsNullOrWhiteSpace(serviceCode) || serviceCode == ((int)status).ToString(CultureInfo.InvariantCulture)
            ? CodeForStatus(status)
            : new DatabricksErrorCode(serviceCode);
        var message = string.IsNullOrWhiteSpace(parsed.Message)
            ? $"HTTP {(int)status} {ReasonPhrase(status)}"
            : parsed.Message;
        message = SecretRedactor.Redact(message);
        if (message.Length > MaxMessageLength)
        {
            message = string.Concat(message.AsSpan(0, MaxMessageLength), "…");
        }

        if (status == HttpStatusCode.BadRequest && code == DatabricksErrorCode.InvalidParameterValue && MissingResource().IsMatch(message))
        {
            code = DatabricksErrorCode.ResourceDoesNotExist;
        }

        var requestId = parsed.RequestId ?? Header(headers, "x-request-id") ?? Header(headers, "x-databricks-request-id");
        var retryAfter = (headers is null ? null : RetryAfter.FromHeaders(headers, timeProvider)) ?? parsed.RetryDelay;
        var prefix = operation ?? "Databricks answered";
        return new DatabricksException(
            $"{prefix} {(int)status} {code} to {method} {path}: {message}",
            code,
            status,
            requestId,
            retryAfter)
        {
            ServiceErrorCode = serviceCode,
            Details = parsed.Details,
            IsTransient = RetryClassifier.IsTransient(status, code, message),
        };
    }

    /// <summary>Whether an answer says the bearer token itself was refused (403 "Invalid access token").</summary>
    /// <param name="status">The status.</param>
    /// <param name="body">The body.</param>
    /// <returns>True for a rejected token.</returns>
    public static bool IsInvalidToken(HttpStatusCode status, string? body) =>
        status == HttpStatusCode.Forbidden && body is not null
        && (body.Contains("Invalid access token", StringComparison.OrdinalIgnoreCase) || body.Contains("invalid_token", StringComparison.OrdinalIgnoreCase));

    /// <summary>Adds to a rejected-credential error which auth type was used and which setting supplied it.</summary>
    /// <param name="error">The parsed error.</param>
    /// <param name="authType">The auth type.</param>
    /// <param name="source">Where the credential came from.</param>
    /// <returns>The error with the hint in its message.</returns>
    public static DatabricksException WithCredentialHint(DatabricksException error, string authType, string source) =>
        new(
            $"{error.Message} The credential (auth type '{authType}') was rejected; it came from {source}: check that it is valid, not expired, and belongs to this workspace.",
            error.ErrorCode,
            error.StatusCode,
            error.RequestId,
            error.RetryAfter)
        {
            ServiceErrorCode = error.ServiceErrorCode,
            Details = error.Details,
            IsTransient = error.IsTransient,
        };

    /// <summary>The code Databricks uses for a status when the body names none (the SDKs' status classes).</summary>
    /// <param name="status">The status.</param>
    /// <returns>The code.</returns>
    public static DatabricksErrorCode CodeForStatus(HttpStatusCode status) => (int)status switch
    {
        400 => DatabricksErrorCode.BadRequest,
        401 => DatabricksErrorCode.Unauthenticated,
        403 => DatabricksErrorCode.PermissionDenied,
        404 => DatabricksErrorCode.NotFound,
        409 => DatabricksErrorCode.ResourceConflict,
        429 => DatabricksErrorCode.RequestLimitExceeded,
        499 => DatabricksErrorCode.Cancelled,
        500 => DatabricksErrorCode.InternalError,
        501 => DatabricksErrorCode.NotImplemented,
        502 => DatabricksErrorCode.TemporarilyUnavailable,
        503 => DatabricksErrorCode.TemporarilyUnavailable,
        504 => DatabricksErrorCode.DeadlineExceeded,
        _ => DatabricksErrorCode.Unknown,
    };

    private static bool TryParseJson(string text, ParsedBody parsed)
    {
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            parsed.Code = root.TryGetProperty("error_code", out var code) ? code.ValueKind switch
            {
                JsonValueKind.String => code.GetString(),
                JsonValueKind.Number => code.GetRawText(),
                _ => null,
            } : null;
            parsed.Message = StringOf(root, "message");
            if (parsed.Message is null && StringOf(root, "error") is { } error)
            {
                // Legacy {"error": "message"} and OAuth {"error": "invalid_client", "error_description": "…"}.
                if (StringOf(root, "error_description") is { } description)
                {
                    parsed.Message = $"{error}: {description}";
                }
                else
                {
                    parsed.Message = error;
                }
            }

            if (parsed.Message is null && StringOf(root, "detail") is { } detail)
            {
                // SCIM: {"detail": "…", "status": "404", "scimType": "…"}.
                var scimType = StringOf(root, "scimType");
                parsed.Message = scimType is null ? detail : $"{scimType}: {detail}";
            }

            if (root.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array)
            {
                ReadDetails(details, parsed);
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static void ReadDetails(JsonElement details, ParsedBody parsed)
    {
        var list = new List<DatabricksErrorDetail>();
        var violations = new List<string>();
        foreach (var detail in details.EnumerateArray())
        {
            if (detail.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var type = StringOf(detail, "@type") ?? string.Empty;
            var shortType = type[(type.LastIndexOf('/') + 1)..];
            switch (shortType)
            {
                case "google.rpc.ErrorInfo":
                    list.Add(new DatabricksErrorDetail(type, StringOf(detail, "reason"), StringOf(detail, "domain")));
                    continue;
                case "google.rpc.RequestInfo":
                    parsed.RequestId ??= StringOf(detail, "request_id");
                    break;
                case "google.rpc.RetryInfo":
                    parsed.RetryDelay ??= RetryAfter.FromProtoDuration(StringOf(detail, "retry_delay"));
                    break;
                case "google.rpc.DebugInfo":
                    list.Add(new DatabricksErrorDetail(type, StringOf(detail, "detail")));
                    continue;
                case "google.rpc.BadRequest":
                    if (detail.TryGetProperty("field_violations", out var fields) && fields.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var field in fields.EnumerateArray())
                        {
                            violations.Add($"{StringOf(field, "field")}: {StringOf(field, "description")}");
                        }
                    }

                    break;
            }

            list.Add(new DatabricksErrorDetail(type));
        }

        parsed.Details = list;
        if (violations.Count > 0)
        {
            parsed.Message = (parsed.Message is null ? string.Empty : parsed.Message + " ") + "(" + string.Join("; ", violations) + ")";
        }
    }

    private static string? StringOf(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static string? Header(HttpResponseHeaders? headers, string name) =>
        headers is not null && headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static string ReasonPhrase(HttpStatusCode status) => Enum.IsDefined(status) ? status.ToString() : "Unknown";

    [GeneratedRegex("<pre>(.*?)</pre>", RegexOptions.Singleline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PreBlock();

    [GeneratedRegex("^([A-Z][A-Z0-9_]{2,}): (.+)$", RegexOptions.Singleline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PlainCode();

    [GeneratedRegex(
        @"^(Job .* does not exist|Run .* does not exist|Run: .* in job: .* doesn't exist|Cluster .* does not exist)",
        RegexOptions.Singleline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex MissingResource();

    private sealed class ParsedBody
    {
        public string? Code { get; set; }

        public string? Message { get; set; }

        public string? RequestId { get; set; }

        public TimeSpan? RetryDelay { get; set; }

        public IReadOnlyList<DatabricksErrorDetail> Details { get; set; } = [];
    }
}
