using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.Databricks.Simulation;
using Microsoft.Extensions.Options;

namespace DeltaFunctions.Databricks.Configuration;

/// <summary>
/// The rules that span fields: the host is a URL, at least one authentication method is configured (or the one
/// <c>DATABRICKS_AUTH_TYPE</c> forces has its values), environment values parse. Every message names the key.
/// </summary>
internal sealed partial class DatabricksClientOptionsValidation : IValidateOptions<DatabricksClientOptions>
{
    private static readonly DatabricksClientOptionsValidator Generated = new();

    private static readonly Dictionary<string, string> Keys = new(StringComparer.Ordinal)
    {
        [nameof(DatabricksClientOptions.Catalog)] = "Databricks:Catalog (DATABRICKS_CATALOG)",
        [nameof(DatabricksClientOptions.Schema)] = "Databricks:Schema (DATABRICKS_SCHEMA)",
        [nameof(DatabricksClientOptions.TimeoutSeconds)] = "Databricks:TimeoutSeconds (DATABRICKS_TIMEOUT_SECS)",
        [nameof(DatabricksClientOptions.RateLimit)] = "Databricks:RateLimit (DATABRICKS_RATE_LIMIT)",
        [nameof(DatabricksClientOptions.MaxRetries)] = "Databricks:MaxRetries (DATABRICKS_MAX_RETRIES)",
    };

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, DatabricksClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>(options.BindingErrors);
        failures.AddRange(ValidateAnnotations(options));
        failures.AddRange(Sql.SqlQueryTags.Problems(options.QueryTags, "Databricks:QueryTags"));
        var replaying = !string.IsNullOrWhiteSpace(options.ReplayPath);
        if ((!replaying || options.Host is not null) && !DatabricksHost.TryParse(options.Host, out _, out var hostError))
        {
            failures.Add(hostError);
        }

        // Replay sends nothing, so it asks for no credential.
        if (!replaying && DatabricksCredential.DescribeAuthProblem(options) is { } authProblem)
        {
            failures.Add(authProblem);
        }

        failures.AddRange(CassetteSettings.Validate(options));

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Runs the rules and throws when any fails (for clients built without dependency injection).</summary>
    /// <param name="options">The options.</param>
    /// <param name="requireHostAndAuth">Also check the host and authentication (not when passed to the constructor).</param>
    /// <exception cref="ArgumentException">A rule failed; the message lists every failure with its key.</exception>
    public static void ThrowIfInvalid(DatabricksClientOptions options, bool requireHostAndAuth)
    {
        var failures = new List<string>();
        if (requireHostAndAuth)
        {
            var spanning = new DatabricksClientOptionsValidation().Validate(null, options);
            if (spanning.Failed)
            {
                failures.AddRange(spanning.Failures ?? []);
            }
        }
        else
        {
            failures.AddRange(options.BindingErrors);
            failures.AddRange(ValidateAnnotations(options));
            failures.AddRange(Sql.SqlQueryTags.Problems(options.QueryTags, "Databricks:QueryTags"));
            failures.AddRange(CassetteSettings.Validate(options));
        }

        if (failures.Count > 0)
        {
            throw new ArgumentException("Invalid Databricks configuration: " + string.Join(" ", failures), nameof(options));
        }
    }

    /// <summary>
    /// Runs the source-generated data-annotation validator and rewrites its messages (which name the C# member, e.g.
    /// <c>RateLimit: The field DatabricksClientOptions.RateLimit must be …</c>) so they name the configuration key and
    /// environment variable instead.
    /// </summary>
    /// <param name="options">The options.</param>
    /// <returns>The failures.</returns>
    private static IEnumerable<string> ValidateAnnotations(DatabricksClientOptions options)
    {
        var result = Generated.Validate(null, options);
        if (!result.Failed)
        {
            yield break;
        }

        foreach (var failure in result.Failures ?? [])
        {
            var match = GeneratedMessage().Match(failure);
            if (!match.Success)
            {
                yield return failure;
                continue;
            }

            var member = match.Groups["member"].Value;
            var key = Keys.TryGetValue(member, out var known) ? known : $"Databricks:{member}";
            var text = match.Groups["text"].Value;
            yield return text.StartsWith("Databricks:", StringComparison.Ordinal) ? text : $"{key} {match.Groups["rule"].Value}";
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(
        @"^(?<member>\w+): (?<text>(?:The field \S+ )?(?<rule>.*))$",
        System.Text.RegularExpressions.RegexOptions.Singleline | System.Text.RegularExpressions.RegexOptions.CultureInvariant,
        matchTimeoutMilliseconds: 1000)]
    private static partial System.Text.RegularExpressions.Regex GeneratedMessage();
}
