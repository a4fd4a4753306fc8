using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace DeltaFunctions.Databricks.Configuration;

/// <summary>
/// Binds <see cref="DatabricksClientOptions"/> from configuration: first the environment variable names of the
/// official SDKs (read as top-level configuration keys, so <c>AddEnvironmentVariables()</c> supplies them;
/// <c>AZURE_*</c> and the <c>ARM_*</c> aliases), then the section <c>Databricks</c>, which wins.
/// </summary>
public static class DatabricksConfiguration
{
    /// <summary>Binds options from a configuration root (environment variables plus the <c>Databricks</c> section).</summary>
    /// <param name="configuration">The configuration.</param>
    /// <param name="options">The options to fill.</param>
    public static void Bind(IConfiguration configuration, DatabricksClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        BindEnvironment(configuration, options);

        // Bound by the configuration binding source generator (EnableConfigurationBindingGenerator), so trimmed and
        // native AOT apps bind the same keys, without reflection.
        configuration.GetSection(DatabricksClientOptions.SectionName).Bind(options);
    }

    /// <summary>Creates options from the process environment alone (for console tools and samples).</summary>
    /// <returns>The options.</returns>
    public static DatabricksClientOptions FromEnvironment()
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            values[(string)entry.Key] = entry.Value as string;
        }

        var options = new DatabricksClientOptions();
        BindEnvironment(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), options);
        return options;
    }

    private static void BindEnvironment(IConfiguration configuration, DatabricksClientOptions options)
    {
        string? Get(params string[] keys) => keys.Select(k => configuration[k]).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

        options.Host = Get("DATABRICKS_HOST") ?? options.Host;
        options.AuthType = Get("DATABRICKS_AUTH_TYPE") ?? options.AuthType;
        options.Token = Get("DATABRICKS_TOKEN") ?? options.Token;
        options.ClientId = Get("DATABRICKS_CLIENT_ID") ?? options.ClientId;
        options.ClientSecret = Get("DATABRICKS_CLIENT_SECRET") ?? options.ClientSecret;
        options.AzureTenantId = Get("AZURE_TENANT_ID", "ARM_TENANT_ID") ?? options.AzureTenantId;
        options.AzureClientId = Get("AZURE_CLIENT_ID", "ARM_CLIENT_ID") ?? options.AzureClientId;
        options.AzureClientSecret = Get("AZURE_CLIENT_SECRET", "ARM_CLIENT_SECRET") ?? options.AzureClientSecret;
        options.AzureResourceId = Get("DATABRICKS_AZURE_RESOURCE_ID") ?? options.AzureResourceId;
        options.WarehouseId = Get("DATABRICKS_WAREHOUSE_ID") ?? options.WarehouseId;
        options.Catalog = Get("DATABRICKS_CATALOG") ?? options.Catalog;
        options.Schema = Get("DATABRICKS_SCHEMA") ?? options.Schema;
        options.RecordPath = Get("DATABRICKS_RECORD") ?? options.RecordPath;
        options.ReplayPath = Get("DATABRICKS_REPLAY") ?? options.ReplayPath;

        options.AzureUseMsi = Bool(Get("ARM_USE_MSI"), "ARM_USE_MSI", options.AzureUseMsi, options);
        options.DryRun = Bool(Get("DATABRICKS_DRY_RUN"), "DATABRICKS_DRY_RUN", options.DryRun, options);

        if (Get("AZURE_AUTHORITY_HOST") is { } authority)
        {
            if (Uri.TryCreate(authority, UriKind.Absolute, out var authorityUri))
            {
                options.AzureAuthorityHost = authorityUri;
            }
            else
            {
                options.BindingErrors.Add($"AZURE_AUTHORITY_HOST '{authority}' is not a URL.");
            }
        }

        options.TimeoutSeconds = Int(Get("DATABRICKS_TIMEOUT_SECS"), "DATABRICKS_TIMEOUT_SECS", options.TimeoutSeconds, options);
        options.RateLimit = Int(Get("DATABRICKS_RATE_LIMIT"), "DATABRICKS_RATE_LIMIT", options.RateLimit, options);
        options.MaxRetries = Int(Get("DATABRICKS_MAX_RETRIES"), "DATABRICKS_MAX_RETRIES", options.MaxRetries, options);
    }

    private static bool Bool(string? value, string key, bool current, DatabricksClientOptions options)
    {
        if (value is null)
        {
            return current;
        }

        if (bool.TryParse(value, out var parsed))
        {
            return parsed;
        }

        options.BindingErrors.Add($"{key} '{value}' is not true or false.");
        return current;
    }

    private static int Int(string? value, string key, int current, DatabricksClientOptions options)
    {
        if (value is null)
        {
            return current;
        }

        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }

        options.BindingErrors.Add($"{key} '{value}' is not a whole number.");
        return current;
    }
}
