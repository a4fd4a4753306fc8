using DeltaFunctions.Databricks.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DeltaFunctions.Databricks.Tests.Configuration;

/// <summary>Default query tags bind from <c>Databricks:QueryTags:&lt;key&gt;</c> and are checked at start-up naming the key.</summary>
public sealed class QueryTagsConfigurationTests
{
    private static IConfiguration Config(IEnumerable<KeyValuePair<string, string?>> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static readonly KeyValuePair<string, string?>[] Connection =
    [
        new("DATABRICKS_HOST", "https://adb-1.2.azuredatabricks.net"),
        new("DATABRICKS_TOKEN", "dapi-t"),
    ];

    [Fact]
    public void Bind_QueryTagsSection_FillsTheTagsKeyOnlyIncluded()
    {
        var sut = new DatabricksClientOptions();

        DatabricksConfiguration.Bind(
            Config([new("Databricks:QueryTags:team", "data"), new("Databricks:QueryTags:nightly", string.Empty)]), sut);

        Assert.Equal(new Dictionary<string, string?> { ["team"] = "data", ["nightly"] = string.Empty }, sut.QueryTags);
    }

    [Fact]
    public async Task Start_MoreThanTwentyQueryTags_FailsNamingTheKey()
    {
        var values = Connection.Concat(Enumerable.Range(0, 21).Select(i => new KeyValuePair<string, string?>($"Databricks:QueryTags:k{i}", "v")));
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddDatabricks(Config(values));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Databricks:QueryTags has 21 tags; a statement carries at most 20.", error.Message, StringComparison.Ordinal);
    }
}
