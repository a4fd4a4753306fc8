using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Configuration;

namespace DeltaFunctions.App.Hosting;

/// <summary>The Service Bus client that sends SQL replies, over the same <c>ServiceBusConnection</c> the triggers use.</summary>
internal static class ServiceBusClients
{
    public static ServiceBusClient Create(IConfiguration configuration)
    {
        var settings = ServiceBusConnectionSettings.Read(configuration);
        return settings.ConnectionString is { } connectionString
            ? new ServiceBusClient(connectionString)
            : new ServiceBusClient(
                settings.FullyQualifiedNamespace,
                new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = settings.ClientId }));
    }
}
