using System.Globalization;
using BenchmarkDotNet.Attributes;
using DeltaFunctions.Databricks;
using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.Databricks.Jobs;
using DeltaFunctions.TestUtilities.Emulator;
using DeltaFunctions.TestUtilities.Http;

namespace DeltaFunctions.Benchmarks.Jobs;

/// <summary>
/// Client overhead of <see cref="JobsClient.GetRunAsync"/> (auth header, resilience pipeline, rate limiter,
/// telemetry, source-generated deserialization into <see cref="Run"/>) against a raw <see cref="HttpClient"/> GET of
/// the same URL that only reads the body as a string. Both hit the in-process emulator over loopback HTTP; the run
/// has two finished tasks.
/// </summary>
[MemoryDiagnoser]
public class GetRunBenchmarks
{
    private EmulatorFixture _emulator = null!;
    private DatabricksClient _client = null!;
    private JobsClient _jobs = null!;
    private HttpClient _raw = null!;
    private long _runId;
    private string _url = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _emulator = await EmulatorFixture.StartAsync(o => o with { SimulatedTaskDuration = TimeSpan.FromMilliseconds(1) });
        _client = TestDatabricksClients.Create(
            _emulator.BaseAddress, DatabricksCredential.FromPersonalAccessToken(_emulator.Token), o => o.RateLimit = 100_000);
        _jobs = _client.GetJobsClient();
        _raw = _emulator.CreateClient();
        var run = new SubmitRunBuilder()
            .AddTask(new JobTaskBuilder("extract").SparkPython("/Workspace/a.py").OnExistingCluster("c"))
            .AddTask(new JobTaskBuilder("load").SparkPython("/Workspace/b.py").OnExistingCluster("c").DependsOn("extract"))
            .Build();
        _runId = await _jobs.SubmitRunAsync(run);
        await _jobs.WaitForCompletionAsync(_runId, new WaitOptions { InitialDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50) });
        _url = "api/2.2/jobs/runs/get?run_id=" + _runId.ToString(CultureInfo.InvariantCulture);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _client.Dispose();
        await _emulator.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public async Task<int> RawHttpClientGet()
    {
        using var response = await _raw.GetAsync(_url);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsStringAsync();
        return body.Length;
    }

    [Benchmark]
    public async Task<int> JobsClientGetRun()
    {
        var run = await _jobs.GetRunAsync(_runId);
        return run.Tasks!.Count;
    }
}
