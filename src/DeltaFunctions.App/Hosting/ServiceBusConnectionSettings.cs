using Microsoft.Extensions.Configuration;

namespace DeltaFunctions.App.Hosting;

/// <summary>
/// Where the App's own Service Bus client (the one that sends SQL replies) connects, read the way the Functions Service
/// Bus extension reads the trigger's <c>Connection</c> setting: either a connection string in the setting itself, or an
/// identity-based connection with <c>&lt;name&gt;__fullyQualifiedNamespace</c> (and optionally <c>&lt;name&gt;__clientId</c>
/// for a user-assigned managed identity). See "Identity-based connections" in the Azure Functions docs.
/// </summary>
/// <param name="ConnectionString">The connection string, when the setting holds one.</param>
/// <param name="FullyQualifiedNamespace">The namespace host, e.g. <c>contoso.servicebus.windows.net</c>, for identity-based connections.</param>
/// <param name="ClientId">The user-assigned managed identity's client id, or null for the default credential chain.</param>
internal sealed record ServiceBusConnectionSettings(string? ConnectionString, string? FullyQualifiedNamespace, string? ClientId)
{
    /// <summary>The setting the triggers and the reply sender use.</summary>
    public const string DefaultName = "ServiceBusConnection";

    /// <summary>Reads the connection named <paramref name="name"/>.</summary>
    /// <param name="configuration">The configuration root (app settings are top-level keys).</param>
    /// <param name="name">The connection setting's name.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="InvalidOperationException">Neither form is configured; the message names the keys to set.</exception>
    public static ServiceBusConnectionSettings Read(IConfiguration configuration, string name = DefaultName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var section = configuration.GetSection(name);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return new ServiceBusConnectionSettings(section.Value, null, null);
        }

        var ns = section["fullyQualifiedNamespace"];
        if (!string.IsNullOrWhiteSpace(ns))
        {
            var clientId = section["clientId"];
            return new ServiceBusConnectionSettings(null, ns, string.IsNullOrWhiteSpace(clientId) ? null : clientId);
        }

        throw new InvalidOperationException(
            $"No Service Bus connection is configured: set '{name}' to a connection string, or '{name}__fullyQualifiedNamespace' to the namespace host for an identity-based connection.");
    }
}
