using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using DeltaFunctions.Lakehouse;
using DeltaFunctions.TestUtilities.Emulator;
using DuckDB.NET.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DeltaFunctions.Benchmarks.Lakehouse;

/// <summary>
/// Latency of a warm <c>SELECT 1</c> (issue #17, "Emulator: warm SELECT 1 &lt; 5 ms"), each case against its raw
/// baseline in the same run. Engine: <see cref="LakehouseEngine.ExecuteAsync"/> against a raw DuckDB
/// <c>SELECT 1</c> on an open connection. Http: <c>POST /api/2.0/sql/statements</c> (wait_timeout 10s, INLINE
/// JSON_ARRAY) to the in-process emulator over loopback against a raw Kestrel endpoint answering a POST with a
/// body of the same size, both through one <see cref="HttpClient"/>. The median column is the p50.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class StatementLatencyBenchmarks
{
    private const string SelectOneBody = """{"statement":"SELECT 1","warehouse_id":"{warehouse}","wait_timeout":"10s"}""";

    private DuckDBConnection _duckDb = null!;
    private string _engineRoot = string.Empty;
    private LakehouseEngine _engine = null!;
    private EmulatorFixture _emulator = null!;
    private HttpClient _emulatorHttp = null!;
    private string _statementBody = string.Empty;
    private WebApplication _raw = null!;
    private HttpClient _rawHttp = null!;
    private byte[] _rawAnswer = [];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _duckDb = new DuckDBConnection("DataSource=:memory:");
        _duckDb.Open();
        _engineRoot = Path.Combine(Path.GetTempPath(), "lh-latency-bench-" + Guid.NewGuid().ToString("N"));
        _engine = new LakehouseEngine(new LakehouseOptions { DataDirectory = _engineRoot });

        _emulator = await EmulatorFixture.StartAsync();
        _emulatorHttp = _emulator.CreateClient();
        _statementBody = SelectOneBody.Replace("{warehouse}", _emulator.WarehouseId, StringComparison.Ordinal);

        // The raw baseline answers with what the emulator answered, so both sides move the same bytes.
        using (var first = await PostAsync(_emulatorHttp, "api/2.0/sql/statements", _statementBody))
        {
            _rawAnswer = await first.Content.ReadAsByteArrayAsync();
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _raw = builder.Build();
        _raw.MapPost("/raw", async (HttpContext context) =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(_rawAnswer);
        });
        await _raw.StartAsync();
        var address = _raw.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _rawHttp = new HttpClient { BaseAddress = new Uri(address + "/") };
        _rawHttp.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _emulator.Token);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _rawHttp.Dispose();
        await _raw.DisposeAsync();
        await _emulator.DisposeAsync();
        _engine.Dispose();
        _duckDb.Dispose();
        if (Directory.Exists(_engineRoot))
        {
            Directory.Delete(_engineRoot, recursive: true);
        }
    }

    [Benchmark(Baseline = true, Description = "raw DuckDB SELECT 1 (open connection)")]
    [BenchmarkCategory("Engine")]
    public long RawDuckDbSelectOne()
    {
        using var command = _duckDb.CreateCommand();
        command.CommandText = "SELECT 1";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    [Benchmark(Description = "LakehouseEngine SELECT 1")]
    [BenchmarkCategory("Engine")]
    public async Task<long> EngineSelectOne()
    {
        var result = await _engine.ExecuteAsync("SELECT 1");
        return Convert.ToInt64(result.Rows[0][0], CultureInfo.InvariantCulture);
    }

    [Benchmark(Baseline = true, Description = "raw Kestrel POST round trip (same bytes)")]
    [BenchmarkCategory("Http")]
    public async Task<int> RawKestrelPost()
    {
        using var response = await PostAsync(_rawHttp, "raw", _statementBody);
        return (await response.Content.ReadAsByteArrayAsync()).Length;
    }

    [Benchmark(Description = "emulator POST /api/2.0/sql/statements SELECT 1")]
    [BenchmarkCategory("Http")]
    public async Task<int> EmulatorSelectOne()
    {
        using var response = await PostAsync(_emulatorHttp, "api/2.0/sql/statements", _statementBody);
        var body = await response.Content.ReadAsByteArrayAsync();
        return body.AsSpan().IndexOf("SUCCEEDED"u8) < 0 ? throw new InvalidOperationException("SELECT 1 did not succeed: " + Encoding.UTF8.GetString(body)) : body.Length;
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await client.PostAsync(path, content);
        response.EnsureSuccessStatusCode();
        return response;
    }
}
