// The first query of a fresh process, four ways, printing each row as id|name|amount:
//   client   the library alone: options from the environment, new DatabricksClient, ReadAsync<T> mapped to a record
//   host     a generic host (Host.CreateApplicationBuilder) with AddDatabricks, started (options validated on start)
//   hostraw  the same generic host without AddDatabricks: AddHttpClient, started, then the bare statement through an
//            HttpClient from IHttpClientFactory (the host's own cost, so host ÷ hostraw is the library's share in a host)
//   bare     HttpClient and System.Text.Json only, the same statement over the same wire (the baseline)
// Settings: DATABRICKS_HOST, DATABRICKS_TOKEN, DATABRICKS_WAREHOUSE_ID. Exit code 0 on success, 1 on failure, 2 on a bad mode.
// The query reads main.default.cold_start (id BIGINT, name STRING, amount DECIMAL(10,2)), which bench/DeltaFunctions.ColdStart creates.
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DeltaFunctions.Databricks;
using DeltaFunctions.Databricks.Configuration;
using DeltaFunctions.Databricks.Sql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

const string Query = "SELECT id, name, amount FROM main.default.cold_start ORDER BY id";
var execute = new SqlExecuteOptions { Format = ResultFormat.JsonArray, Disposition = ResultDisposition.Inline, WaitTimeout = TimeSpan.FromSeconds(30) };

try
{
    switch (args.Length > 0 ? args[0] : "client")
    {
        case "client":
            using (var client = new DatabricksClient(DatabricksConfiguration.FromEnvironment()))
            {
                await PrintAsync(client);
            }

            return 0;
        case "host":
            var builder = Host.CreateApplicationBuilder(args[1..]);
            builder.Services.AddDatabricks(builder.Configuration);
            using (var host = builder.Build())
            {
                await host.StartAsync();
                await PrintAsync(host.Services.GetRequiredService<DatabricksClient>());
                await host.StopAsync();
            }

            return 0;
        case "hostraw":
            var rawBuilder = Host.CreateApplicationBuilder(args[1..]);
            rawBuilder.Services.AddHttpClient();
            using (var host = rawBuilder.Build())
            {
                await host.StartAsync();
                await BareAsync(host.Services.GetRequiredService<IHttpClientFactory>().CreateClient());
                await host.StopAsync();
            }

            return 0;
        case "bare":
            using (var http = new HttpClient())
            {
                await BareAsync(http);
            }

            return 0;
        default:
            await Console.Error.WriteLineAsync("usage: DeltaFunctions.TrimCheck client|host|hostraw|bare");
            return 2;
    }
}
catch (Exception e) when (e is DatabricksException or HttpRequestException or InvalidOperationException or ArgumentException or Microsoft.Extensions.Options.OptionsValidationException)
{
    await Console.Error.WriteLineAsync($"{e.GetType().Name}: {e.Message}");
    return 1;
}

async Task PrintAsync(DatabricksClient client)
{
    await foreach (var row in client.GetSqlClient().ReadAsync<ColdStartRow>(SqlStatement.FromText(Query), execute))
    {
        Print(row);
    }
}

static void Print(ColdStartRow row) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{row.Id}|{row.Name}|{row.Amount:F2}"));

static async Task BareAsync(HttpClient http)
{
    var host = Environment.GetEnvironmentVariable("DATABRICKS_HOST") ?? throw new InvalidOperationException("DATABRICKS_HOST is not set.");
    http.BaseAddress = new Uri(host);
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("DATABRICKS_TOKEN"));
    var body = new MemoryStream();
    using (var json = new Utf8JsonWriter(body))
    {
        json.WriteStartObject();
        json.WriteString("statement", Query);
        json.WriteString("warehouse_id", Environment.GetEnvironmentVariable("DATABRICKS_WAREHOUSE_ID"));
        json.WriteString("wait_timeout", "30s");
        json.WriteString("format", "JSON_ARRAY");
        json.WriteString("disposition", "INLINE");
        json.WriteEndObject();
    }

    using var content = new ByteArrayContent(body.ToArray());
    content.Headers.ContentType = new MediaTypeHeaderValue("application/json", Encoding.UTF8.WebName);
    using var response = await http.PostAsync(new Uri("/api/2.0/sql/statements", UriKind.Relative), content);
    response.EnsureSuccessStatusCode();
    using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
    var state = document.RootElement.GetProperty("status").GetProperty("state").GetString();
    if (state != "SUCCEEDED")
    {
        throw new InvalidOperationException($"The statement ended {state}.");
    }

    foreach (var row in document.RootElement.GetProperty("result").GetProperty("data_array").EnumerateArray())
    {
        Print(new ColdStartRow(
            long.Parse(row[0].GetString()!, CultureInfo.InvariantCulture),
            row[1].GetString()!,
            decimal.Parse(row[2].GetString()!, CultureInfo.InvariantCulture)));
    }
}

/// <summary>One row of the query, filled by column name (id, name, amount).</summary>
internal sealed record ColdStartRow(long Id, string Name, decimal Amount);
