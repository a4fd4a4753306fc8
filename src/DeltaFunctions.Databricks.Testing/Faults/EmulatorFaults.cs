using System.Globalization;
using System.Net.Http.Json;

namespace DeltaFunctions.Databricks.Testing.Faults;

/// <summary>
/// Arms, lists and clears the emulator's faults through its <c>/emulator/faults</c> control API. A request consumes the
/// first armed fault it matches; unmatched requests are served normally. Thread-safe.
/// </summary>
public sealed class EmulatorFaults
{
    private const string Route = "emulator/faults";
    private readonly HttpClient _http;

    /// <summary>Creates the fault API of one emulator.</summary>
    /// <param name="http">An HTTP client whose base address is the emulator and which sends an accepted token.</param>
    internal EmulatorFaults(HttpClient http) => _http = http;

    /// <summary>Arms faults; they apply in the order given.</summary>
    /// <param name="faults">The faults.</param>
    /// <returns>A task that completes when the emulator holds them.</returns>
    public Task ArmAsync(params EmulatorFault[] faults) => ArmAsync(faults, CancellationToken.None);

    /// <summary>Arms faults; they apply in the order given.</summary>
    /// <param name="faults">The faults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the emulator holds them.</returns>
    /// <exception cref="InvalidOperationException">The emulator refused a fault; the message says why.</exception>
    public async Task ArmAsync(IEnumerable<EmulatorFault> faults, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(faults);
        var rules = faults.Select(ToWire).ToList();
        using var response = await _http.PostAsJsonAsync(Route, new FaultRulesWire(rules), TestingJsonContext.Default.FaultRulesWire, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lists the armed faults and how many requests each still affects.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The faults, in the order they apply.</returns>
    public async Task<IReadOnlyList<ArmedFault>> ListAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync(Route, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        var list = await response.Content.ReadFromJsonAsync(TestingJsonContext.Default.FaultListWire, cancellationToken).ConfigureAwait(false);
        return [.. (list?.Rules ?? []).Select(r => new ArmedFault(FromWire(r.Rule), r.Remaining))];
    }

    /// <summary>Removes every armed fault.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when no fault is armed.</returns>
    public async Task ClearAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.DeleteAsync(Route, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
    }

    private static FaultRuleWire ToWire(EmulatorFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        return new FaultRuleWire
        {
            Method = fault.Method,
            PathPrefix = fault.PathPrefix,
            Status = fault.Status,
            ErrorCode = fault.ErrorCode,
            Message = fault.Message,
            RetryAfterSeconds = fault.RetryAfter is { } retryAfter ? (int)Math.Ceiling(retryAfter.TotalSeconds) : null,
            LatencyMs = fault.Delay is { } latency ? (int)Math.Ceiling(latency.TotalMilliseconds) : null,
            ResetConnection = fault.ResetConnection ? true : null,
            Count = fault.Count,
        };
    }

    private static EmulatorFault FromWire(FaultRuleWire rule)
    {
        var fault = rule switch
        {
            { ResetConnection: true } => EmulatorFault.ConnectionReset(),
            { Status: { } status } => EmulatorFault.Error(status, rule.ErrorCode, rule.Message),
            _ => EmulatorFault.Latency(TimeSpan.FromMilliseconds(rule.LatencyMs ?? 1)),
        };
        return fault with
        {
            Method = rule.Method,
            PathPrefix = rule.PathPrefix ?? "/",
            RetryAfter = rule.RetryAfterSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            Delay = rule.LatencyMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
            Count = rule.Count ?? 1,
        };
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture, $"The emulator's fault API answered {(int)response.StatusCode}: {body}"));
        }
    }
}
