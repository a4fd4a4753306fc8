using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DeltaFunctions.Databricks.Simulation;

/// <summary>
/// One cassette in use by one client: recording (every exchange redacted and the file rewritten atomically after each,
/// so a crash loses nothing already answered) or replaying (answers matched from the file). Shared by the client's
/// API pipeline and its result-link HTTP client, so a recording holds both. Thread-safe.
/// </summary>
internal sealed class CassetteSession
{
    private static readonly HashSet<string> KeptResponseHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Type", "Retry-After", "x-request-id", "x-databricks-request-id", "Last-Modified", "Content-Range",
        "Accept-Ranges", "Location",
    };

    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly Cassette _cassette;
    private readonly RequestShape[] _recordedShapes = [];
    private readonly bool[] _used = [];
    private readonly Dictionary<string, string> _liveToRecorded = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _recordedToLive = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;
    private int _replayed;

    private CassetteSession(bool replaying, string path, Cassette cassette, Uri? host, CassetteRedactor redactor, TimeProvider timeProvider)
    {
        Replaying = replaying;
        Path = path;
        _cassette = cassette;
        Host = host;
        Redactor = redactor;
        _timeProvider = timeProvider;
        if (replaying)
        {
            _recordedShapes = [.. cassette.Interactions.Select(i => RequestShape.Of(i.Request))];
            _used = new bool[_recordedShapes.Length];
        }
    }

    /// <summary>Gets a value indicating whether this session answers from the cassette.</summary>
    public bool Replaying { get; }

    /// <summary>Gets the cassette file.</summary>
    public string Path { get; }

    /// <summary>Gets the workspace URL requests are relative to (the recorded one on replay when none is configured).</summary>
    public Uri? Host { get; }

    /// <summary>Gets the default SQL warehouse the cassette was recorded with, or null.</summary>
    public string? RecordedWarehouseId => _cassette.WarehouseId;

    /// <summary>Gets the redactor (also for tests that check what it masks).</summary>
    public CassetteRedactor Redactor { get; }

    /// <summary>Creates the handler that records to or replays from this session.</summary>
    /// <param name="inner">The next handler, or null when the HTTP client factory sets it.</param>
    /// <returns>A <see cref="ReplayHandler"/> or a <see cref="RecordingHandler"/>.</returns>
    public DelegatingHandler CreateHandler(HttpMessageHandler? inner = null) =>
        Replaying ? new ReplayHandler(this, inner) : new RecordingHandler(this, inner);

    /// <summary>Gets the workspace URL a cassette file was recorded against, or null.</summary>
    /// <param name="path">The cassette file.</param>
    /// <returns>The host, or null when the file names none.</returns>
    public static string? RecordedHost(string path) => Load(path).Host;

    /// <summary>Creates the session the options ask for, or null when neither recording nor replay is on.</summary>
    /// <param name="options">The options (<see cref="DatabricksClientOptions.RecordPath"/>, <see cref="DatabricksClientOptions.ReplayPath"/>).</param>
    /// <param name="host">The workspace URL, or null to take the recorded one on replay.</param>
    /// <param name="timeProvider">The clock (recording time, link expirations on replay).</param>
    /// <returns>The session or null.</returns>
    public static CassetteSession? Create(DatabricksClientOptions options, Uri? host, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        var redactor = new CassetteRedactor([options.Token, options.ClientSecret, options.AzureClientSecret]);
        if (!string.IsNullOrWhiteSpace(options.ReplayPath))
        {
            var path = System.IO.Path.GetFullPath(options.ReplayPath);
            var cassette = Load(path);
            host ??= cassette.Host is { } recorded ? new Uri(recorded) : null;
            return new CassetteSession(true, path, cassette, host, redactor, timeProvider);
        }

        if (!string.IsNullOrWhiteSpace(options.RecordPath))
        {
            var path = System.IO.Path.GetFullPath(options.RecordPath);
            var cassette = new Cassette { Host = host?.ToString(), WarehouseId = options.WarehouseId, RecordedAt = timeProvider.GetUtcNow() };
            var session = new CassetteSession(false, path, cassette, host, redactor, timeProvider);
            session.Write();
            return session;
        }

        return null;
    }

    /// <summary>Turns a request into its redacted cassette form; the body is buffered so it can still be sent.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels reading the body.</param>
    /// <returns>The cassette request.</returns>
    public async Task<CassetteRequest> CaptureRequestAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request.RequestUri);
        if (request.Headers.Authorization is { Parameter: { } credential })
        {
            Redactor.AddSecret(credential);
        }

        var uri = request.RequestUri;
        JsonNode? body = null;
        string? text = null, sha = null;
        long? length = null;
        if (request.Content is { } content)
        {
            var bytes = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (content is not ByteArrayContent)
            {
                // Stream content is read once: send the buffered copy instead.
                var buffered = new ByteArrayContent(bytes);
                foreach (var (name, values) in content.Headers)
                {
                    buffered.Headers.TryAddWithoutValidation(name, values);
                }

                request.Content = buffered;
            }

            (body, text, var binary) = Decode(bytes, content.Headers.ContentType);
            if (binary)
            {
                sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
                length = bytes.LongLength;
            }
        }

        return new CassetteRequest
        {
            Method = request.Method.Method,
            Origin = IsWorkspace(uri) ? null : uri.GetLeftPart(UriPartial.Authority),
            Path = Redactor.RedactPath(Uri.UnescapeDataString(uri.AbsolutePath)),
            Query = Query(uri.Query),
            Body = RequestShape.Sort(Redactor.RedactJson(body)),
            BodyText = text is null ? null : Redactor.RedactText(text),
            BodySha256 = sha,
            BodyLength = length,
        };
    }

    /// <summary>Records a response; the caller keeps a response whose body can be read again.</summary>
    /// <param name="request">The captured request.</param>
    /// <param name="response">The response (its content is buffered).</param>
    /// <param name="cancellationToken">Cancels reading and writing.</param>
    /// <returns>A task that completes when the cassette file is written.</returns>
    public async Task RecordAsync(CassetteRequest request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var headers = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            // The length of an empty body is that of the resource (HEAD, file metadata); otherwise the body gives it.
            if (KeptResponseHeaders.Contains(name) || (bytes.Length == 0 && string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase)))
            {
                headers[name.ToLowerInvariant()] = Redactor.RedactText(string.Join(", ", values));
            }
        }

        var (json, text, binary) = Decode(bytes, response.Content.Headers.ContentType);
        await AppendAsync(
            new CassetteInteraction
            {
                Request = request,
                Response = new CassetteResponse
                {
                    Status = (int)response.StatusCode,
                    Headers = headers.Count == 0 ? null : headers,
                    Body = Redactor.RedactJson(json),
                    BodyText = text is null ? null : Redactor.RedactText(text),
                    BodyBase64 = binary ? Convert.ToBase64String(bytes) : null,
                },
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a request that failed without a response.</summary>
    /// <param name="request">The captured request.</param>
    /// <param name="exception">The failure.</param>
    /// <param name="cancellationToken">Cancels writing.</param>
    /// <returns>A task that completes when the cassette file is written.</returns>
    public Task RecordFailureAsync(CassetteRequest request, HttpRequestException exception, CancellationToken cancellationToken) =>
        AppendAsync(
            new CassetteInteraction
            {
                Request = request,
                Error = new CassetteError { Kind = exception.HttpRequestError.ToString(), Message = Redactor.RedactText(exception.Message) },
            },
            cancellationToken);

    /// <summary>Finds the recording that answers a request and builds the response, or throws the mismatch.</summary>
    /// <param name="request">The captured live request.</param>
    /// <param name="original">The live request message (attached to the response).</param>
    /// <returns>The recorded response.</returns>
    /// <exception cref="CassetteMismatchException">No unused recording matches.</exception>
    /// <exception cref="HttpRequestException">The recording is a transport failure.</exception>
    public HttpResponseMessage Replay(CassetteRequest request, HttpRequestMessage original)
    {
        var live = RequestShape.Of(request);
        CassetteInteraction interaction;
        lock (_gate)
        {
            _replayed++;
            var index = FindMatch(live);
            if (index < 0)
            {
                throw Mismatch(live);
            }

            _used[index] = true;
            interaction = _cassette.Interactions[index];
        }

        if (interaction.Error is { } error)
        {
            var kind = Enum.TryParse<HttpRequestError>(error.Kind, out var parsed) ? parsed : HttpRequestError.Unknown;
            throw new HttpRequestException(kind, "Replayed transport failure: " + error.Message);
        }

        return BuildResponse(interaction.Response!, original);
    }

    private int FindMatch(RequestShape live)
    {
        for (var i = 0; i < _recordedShapes.Length; i++)
        {
            if (_used[i] || _recordedShapes[i].Template != live.Template)
            {
                continue;
            }

            var pending = new List<(string Live, string Recorded)>();
            if (TryBind(live.Volatiles, _recordedShapes[i].Volatiles, pending))
            {
                foreach (var (l, r) in pending)
                {
                    _liveToRecorded[l] = r;
                    _recordedToLive[r] = l;
                }

                return i;
            }
        }

        return -1;
    }

    private bool TryBind(IReadOnlyList<RequestShape.Volatile> live, IReadOnlyList<RequestShape.Volatile> recorded, List<(string Live, string Recorded)> pending)
    {
        var tentativeLive = new Dictionary<string, string>(StringComparer.Ordinal);
        var tentativeRecorded = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var v = 0; v < live.Count; v++)
        {
            if (live[v].Kind != RequestShape.VolatileKind.Id)
            {
                continue;
            }

            var (l, r) = (live[v].Value, recorded[v].Value);
            var boundRecorded = _liveToRecorded.TryGetValue(l, out var known) ? known : tentativeLive.GetValueOrDefault(l);
            var boundLive = _recordedToLive.TryGetValue(r, out var knownLive) ? knownLive : tentativeRecorded.GetValueOrDefault(r);
            if ((boundRecorded is not null && boundRecorded != r) || (boundLive is not null && boundLive != l))
            {
                return false;
            }

            if (boundRecorded is null)
            {
                tentativeLive[l] = r;
                tentativeRecorded[r] = l;
                pending.Add((l, r));
            }
        }

        return true;
    }

    private CassetteMismatchException Mismatch(RequestShape live)
    {
        var sameTemplate = _recordedShapes.Count(s => s.Template == live.Template);
        var nearest = -1;
        var best = int.MaxValue;
        var bestDiff = string.Empty;
        for (var i = 0; i < _recordedShapes.Length; i++)
        {
            var diff = RequestShape.Diff(_recordedShapes[i].Rendered, live.Rendered, out var changed);

            // Prefer unused recordings of the same method and path; ties go to the earliest.
            var score = (changed * 4) + (_used[i] ? 2 : 0) + (_recordedShapes[i].Summary == live.Summary ? 0 : 1000);
            if (score < best)
            {
                (best, nearest, bestDiff) = (score, i, diff);
            }
        }

        var message = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"No recorded exchange in the cassette '{Path}' answers request {_replayed} of this replay, {live.Summary}.");
        if (sameTemplate > 0)
        {
            message.Append(CultureInfo.InvariantCulture, $" The cassette holds this request {sameTemplate} time(s) and every one is used or bound to other ids.");
        }

        if (nearest >= 0)
        {
            message.AppendLine()
                .Append(CultureInfo.InvariantCulture, $"Nearest recording: interaction {nearest + 1} of {_recordedShapes.Length} ({_recordedShapes[nearest].Summary}{(_used[nearest] ? ", already used" : string.Empty)}).")
                .AppendLine().AppendLine("--- recorded").AppendLine("+++ this request").Append(bestDiff);
        }
        else
        {
            message.Append(" The cassette is empty.");
        }

        message.AppendLine().Append("Record the cassette again (Databricks:RecordPath or DATABRICKS_RECORD) if the requests changed on purpose.");
        return new CassetteMismatchException(
            message.ToString(), Path, live.Summary, live.Rendered, nearest >= 0 ? _recordedShapes[nearest].Rendered : null, nearest >= 0 ? bestDiff : null);
    }

    private HttpResponseMessage BuildResponse(CassetteResponse recorded, HttpRequestMessage original)
    {
        var response = new HttpResponseMessage((HttpStatusCode)recorded.Status) { RequestMessage = original };
        byte[] bytes;
        if (recorded.Body is { } json)
        {
            bytes = Encoding.UTF8.GetBytes(ShiftExpirations(json).ToJsonString(CassetteJsonContext.CompactNodeOptions));
        }
        else if (recorded.BodyText is { } text)
        {
            bytes = Encoding.UTF8.GetBytes(text);
        }
        else
        {
            bytes = recorded.BodyBase64 is { } base64 ? Convert.FromBase64String(base64) : [];
        }

        response.Content = new ByteArrayContent(bytes);
        foreach (var (name, value) in recorded.Headers ?? [])
        {
            if (!response.Headers.TryAddWithoutValidation(name, value))
            {
                response.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return response;
    }

    // Result links expire: a cassette replayed an hour later would make the client refresh every link it reads. Their
    // expirations move forward by the time since recording, so they stay as valid as they were when recorded.
    private JsonNode ShiftExpirations(JsonNode node)
    {
        var copy = node.DeepClone();
        var offset = _timeProvider.GetUtcNow() - _cassette.RecordedAt;
        Shift(copy, offset);
        return copy;

        static void Shift(JsonNode? current, TimeSpan offset)
        {
            switch (current)
            {
                case JsonObject obj:
                    foreach (var (name, value) in obj.ToList())
                    {
                        if (name == "expiration" && value is JsonValue v && v.GetValueKind() == JsonValueKind.String
                            && DateTimeOffset.TryParse(v.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at))
                        {
                            obj[name] = (at + offset).ToString("O", CultureInfo.InvariantCulture);
                        }
                        else
                        {
                            Shift(value, offset);
                        }
                    }

                    break;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        Shift(item, offset);
                    }

                    break;
            }
        }
    }

    private async Task AppendAsync(CassetteInteraction interaction, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_gate)
            {
                _cassette.Interactions.Add(interaction);
            }

            Write();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private void Write()
    {
        byte[] bytes;
        lock (_gate)
        {
            bytes = JsonSerializer.SerializeToUtf8Bytes(_cassette, CassetteJsonContext.Readable.Cassette);
        }

        var directory = System.IO.Path.GetDirectoryName(Path)!;
        Directory.CreateDirectory(directory);
        var temporary = Path + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, Path, overwrite: true);
    }

    private static Cassette Load(string path)
    {
        try
        {
            var cassette = JsonSerializer.Deserialize(File.ReadAllBytes(path), CassetteJsonContext.Readable.Cassette)
                ?? throw new InvalidDataException("The file holds null.");
            if (cassette.Version != Cassette.CurrentVersion)
            {
                throw new InvalidDataException($"Its version is {cassette.Version}; this library reads version {Cassette.CurrentVersion}.");
            }

            if (cassette.Interactions.Any(i => i.Request is null || (i.Response is null && i.Error is null)))
            {
                throw new InvalidDataException("An interaction lacks its request, or both its response and its error.");
            }

            return cassette;
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ArgumentException(
                $"Databricks:ReplayPath (DATABRICKS_REPLAY) names the cassette '{path}', which does not exist. Record it first with Databricks:RecordPath (DATABRICKS_RECORD).",
                nameof(path),
                exception);
        }
        catch (Exception exception) when (exception is JsonException or InvalidDataException)
        {
            throw new ArgumentException(
                $"Databricks:ReplayPath (DATABRICKS_REPLAY) names '{path}', which is not a readable cassette: {exception.Message}",
                nameof(path),
                exception);
        }
    }

    private bool IsWorkspace(Uri uri)
    {
        var origin = uri.GetLeftPart(UriPartial.Authority);
        return (Host is not null && string.Equals(origin, Host.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
            || (_cassette.Host is { } recorded && string.Equals(origin, new Uri(recorded).GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase));
    }

    private JsonObject? Query(string query)
    {
        if (query.Length <= 1)
        {
            return null;
        }

        var values = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var pair in query[1..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString((eq < 0 ? pair : pair[..eq]).Replace('+', ' '));
            var value = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            if (!values.TryGetValue(key, out var list))
            {
                values[key] = list = [];
            }

            list.Add(Redactor.RedactQueryValue(key, value));
        }

        var result = new JsonObject();
        foreach (var (key, list) in values)
        {
            list.Sort(StringComparer.Ordinal);
            result[key] = list.Count == 1 ? JsonValue.Create(list[0]) : new JsonArray([.. list.Select(v => (JsonNode?)JsonValue.Create(v))]);
        }

        return result;
    }

    private static (JsonNode? Json, string? Text, bool Binary) Decode(byte[] bytes, MediaTypeHeaderValue? contentType)
    {
        if (bytes.Length == 0)
        {
            return (null, null, false);
        }

        var media = contentType?.MediaType ?? string.Empty;
        var looksJson = media.Contains("json", StringComparison.OrdinalIgnoreCase) || (media.Length == 0 && bytes[0] is (byte)'{' or (byte)'[');
        if (looksJson)
        {
            try
            {
                return (JsonNode.Parse(bytes), null, false);
            }
            catch (JsonException)
            {
                // Not JSON after all: kept as text below.
            }
        }

        if (media.StartsWith("text/", StringComparison.OrdinalIgnoreCase) || looksJson)
        {
            try
            {
                return (null, new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes), false);
            }
            catch (DecoderFallbackException)
            {
                // Not UTF-8: binary.
            }
        }

        return (null, null, true);
    }
}
