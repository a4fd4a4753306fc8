namespace DeltaFunctions.Emulator.Faults;

/// <summary>
/// One fault rule as <c>POST /emulator/faults</c> takes it: for the next <see cref="Count"/> requests whose method
/// matches <see cref="Method"/> (any when absent) and whose path starts with <see cref="PathPrefix"/>, wait
/// <see cref="LatencyMs"/>, then either reset the connection, answer <see cref="Status"/> with a Databricks error body
/// (and <c>Retry-After</c> when <see cref="RetryAfterSeconds"/> is set), run the request and lose its answer
/// (<see cref="LoseResponse"/>: the work is done, the connection is reset before a byte of the answer is sent), or let
/// the request through (latency only).
/// </summary>
internal sealed record FaultRuleRequest
{
    public string? Method { get; init; }

    public string? PathPrefix { get; init; }

    public int? Status { get; init; }

    public string? ErrorCode { get; init; }

    public string? Message { get; init; }

    public int? RetryAfterSeconds { get; init; }

    public int? LatencyMs { get; init; }

    public bool? ResetConnection { get; init; }

    public bool? LoseResponse { get; init; }

    public int? Count { get; init; }
}

/// <summary>Several rules at once: <c>{"rules": [...]}</c>.</summary>
internal sealed record FaultRulesRequest
{
    public IReadOnlyList<FaultRuleRequest>? Rules { get; init; }
}

/// <summary>The armed rules and how many requests each still affects.</summary>
internal sealed record FaultListResponse(IReadOnlyList<FaultRuleState> Rules);

/// <summary>An armed rule with its remaining count.</summary>
internal sealed record FaultRuleState(FaultRuleRequest Rule, int Remaining);
