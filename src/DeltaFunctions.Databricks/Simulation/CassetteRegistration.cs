using DeltaFunctions.Databricks.Configuration;
using Microsoft.Extensions.Options;

namespace DeltaFunctions.Databricks.Simulation;

/// <summary>
/// The container's one cassette session (a singleton, like the client): created on first use from the validated
/// options, so the API pipeline's handler and the client's result-link client share it.
/// </summary>
internal sealed class CassetteRegistration(IOptions<DatabricksClientOptions> options, TimeProvider timeProvider)
{
    private readonly Lazy<CassetteSession?> _session = new(() =>
    {
        var value = options.Value;
        var host = DatabricksHost.TryParse(CassetteSettings.Host(value), out var uri, out _) ? uri : null;
        return CassetteSession.Create(value, host, timeProvider);
    });

    /// <summary>Gets the session, or null when neither recording nor replay is configured.</summary>
    public CassetteSession? Session => _session.Value;

    /// <summary>The handler for the API pipeline: the cassette's, or one that passes requests through.</summary>
    /// <returns>The handler.</returns>
    public DelegatingHandler CreateHandler() => Session?.CreateHandler() ?? new PassThroughHandler();

    private sealed class PassThroughHandler : DelegatingHandler;
}
