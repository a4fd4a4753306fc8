using DeltaFunctions.Databricks.Auth;
using Microsoft.Extensions.Options;

namespace DeltaFunctions.Databricks.Configuration;

/// <summary>
/// The rules that span fields: the host is a URL, at least one authentication method is configured (or the one
/// <c>DATABRICKS_AUTH_TYPE</c> forces has its values), environment values parse. Every message names the key.
/// </summary>
internal sealed class DatabricksClientOptionsValidation : IValidateOptions<DatabricksClientOptions>
{
    private static readonly DatabricksClientOptionsValidator Generated = new();

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, DatabricksClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>(options.BindingErrors);
        if (!DatabricksHost.TryParse(options.Host, out _, out var hostError))
        {
            failures.Add(hostError);
        }

        if (DatabricksCredential.DescribeAuthProblem(options) is { } authProblem)
        {
            failures.Add(authProblem);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Runs the rules and throws when any fails (for clients built without dependency injection).</summary>
    /// <param name="options">The options.</param>
    /// <param name="requireHostAndAuth">Also check the host and authentication (not when passed to the constructor).</param>
    /// <exception cref="ArgumentException">A rule failed; the message lists every failure with its key.</exception>
    public static void ThrowIfInvalid(DatabricksClientOptions options, bool requireHostAndAuth)
    {
        var failures = new List<string>();
        var generated = Generated.Validate(null, options);
        if (generated.Failed)
        {
            failures.AddRange(generated.Failures ?? []);
        }

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
        }

        if (failures.Count > 0)
        {
            throw new ArgumentException("Invalid Databricks configuration: " + string.Join(" ", failures), nameof(options));
        }
    }
}
