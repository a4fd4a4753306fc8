using DeltaFunctions.App.Hosting;
using Microsoft.Extensions.Configuration;

namespace DeltaFunctions.App.Tests.Hosting;

public sealed class ServiceBusConnectionSettingsTests
{
    [Fact]
    public void Read_ConnectionString_ThatString()
    {
        var configuration = Config(("ServiceBusConnection", "Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=s"));

        var settings = ServiceBusConnectionSettings.Read(configuration);

        Assert.StartsWith("Endpoint=sb://contoso", settings.ConnectionString, StringComparison.Ordinal);
        Assert.Null(settings.FullyQualifiedNamespace);
    }

    [Fact]
    public void Read_IdentityBased_NamespaceAndClientId()
    {
        var configuration = Config(
            ("ServiceBusConnection:fullyQualifiedNamespace", "contoso.servicebus.windows.net"),
            ("ServiceBusConnection:clientId", "00000000-0000-0000-0000-000000000001"));

        var settings = ServiceBusConnectionSettings.Read(configuration);

        Assert.Null(settings.ConnectionString);
        Assert.Equal("contoso.servicebus.windows.net", settings.FullyQualifiedNamespace);
        Assert.Equal("00000000-0000-0000-0000-000000000001", settings.ClientId);
    }

    [Fact]
    public void Read_IdentityBasedWithoutClientId_DefaultCredential()
    {
        var configuration = Config(("ServiceBusConnection:fullyQualifiedNamespace", "contoso.servicebus.windows.net"));

        var settings = ServiceBusConnectionSettings.Read(configuration);

        Assert.Null(settings.ClientId);
    }

    [Fact]
    public void Read_NothingConfigured_ThrowsNamingBothKeys()
    {
        var configuration = Config(("Other", "x"));

        var error = Assert.Throws<InvalidOperationException>(() => ServiceBusConnectionSettings.Read(configuration));

        Assert.Contains("'ServiceBusConnection'", error.Message, StringComparison.Ordinal);
        Assert.Contains("ServiceBusConnection__fullyQualifiedNamespace", error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
