using System.Text.Json.Serialization;

namespace DeltaFunctions.Databricks.Testing.Faults;

/// <summary>A rule as <c>/emulator/faults</c> takes and lists it (the kit keeps its own wire types, as the client does).</summary>
internal sealed record FaultRuleWire
{
    public string? Method { get; init; }

    public string? PathPrefix { get; init; }

    public int? Status { get; init; }

    public string? ErrorCode { get; init; }

    public string? Message { get; init; }

    public int? RetryAfterSeconds { get; init; }

    public int? LatencyMs { get; init; }

    public bool? ResetConnection { get; init; }

    public int? Count { get; init; }
}

/// <summary>Several rules at once.</summary>
internal sealed record FaultRulesWire(IReadOnlyList<FaultRuleWire> Rules);

/// <summary>The armed rules.</summary>
internal sealed record FaultListWire(IReadOnlyList<FaultStateWire>? Rules);

/// <summary>An armed rule and its remaining count.</summary>
internal sealed record FaultStateWire(FaultRuleWire Rule, int Remaining);

/// <summary>The kit's JSON: snake_case as the emulator speaks, nulls omitted.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FaultRulesWire))]
[JsonSerializable(typeof(FaultListWire))]
internal sealed partial class TestingJsonContext : JsonSerializerContext;
