namespace DeltaFunctions.Emulator.Faults;

/// <summary>The armed fault rules; a request consumes the first rule it matches. Off unless armed.</summary>
internal sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly List<ArmedRule> _rules = [];

    public void Arm(FaultRuleRequest rule)
    {
        if (string.IsNullOrEmpty(rule.PathPrefix) || !rule.PathPrefix.StartsWith('/'))
        {
            throw ApiException.InvalidParameter("path_prefix is required and must start with '/'.");
        }

        if (rule.Status is { } status && (status < 400 || status > 599))
        {
            throw ApiException.InvalidParameter("status must be an HTTP error status between 400 and 599.");
        }

        if (rule.Status is null && rule.ResetConnection != true && rule.LoseResponse != true && rule.LatencyMs is null or <= 0)
        {
            throw ApiException.InvalidParameter("A fault rule needs status, reset_connection, lose_response or latency_ms.");
        }

        if (rule.LoseResponse == true && (rule.Status is not null || rule.ResetConnection == true))
        {
            throw ApiException.InvalidParameter("lose_response runs the request, so it cannot be combined with status or reset_connection.");
        }

        if (rule.Count is <= 0 || rule.LatencyMs is < 0 || rule.RetryAfterSeconds is < 0)
        {
            throw ApiException.InvalidParameter("count must be positive; latency_ms and retry_after_seconds must not be negative.");
        }

        lock (_gate)
        {
            _rules.Add(new ArmedRule(rule, rule.Count ?? 1));
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    public IReadOnlyList<FaultRuleState> Snapshot()
    {
        lock (_gate)
        {
            return [.. _rules.Select(r => new FaultRuleState(r.Rule, r.Remaining))];
        }
    }

    /// <summary>Finds and consumes the first rule matching the request.</summary>
    public FaultRuleRequest? Take(string method, string path)
    {
        lock (_gate)
        {
            for (var i = 0; i < _rules.Count; i++)
            {
                var armed = _rules[i];
                if ((armed.Rule.Method is null || string.Equals(armed.Rule.Method, method, StringComparison.OrdinalIgnoreCase))
                    && path.StartsWith(armed.Rule.PathPrefix!, StringComparison.Ordinal))
                {
                    armed.Remaining--;
                    if (armed.Remaining == 0)
                    {
                        _rules.RemoveAt(i);
                    }

                    return armed.Rule;
                }
            }
        }

        return null;
    }

    private sealed class ArmedRule(FaultRuleRequest rule, int remaining)
    {
        public FaultRuleRequest Rule { get; } = rule;

        public int Remaining { get; set; } = remaining;
    }
}
