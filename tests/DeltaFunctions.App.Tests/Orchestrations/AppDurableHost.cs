using DeltaFunctions.App.Hosting;
using DeltaFunctions.App.Jobs;
using DeltaFunctions.App.Maintenance;
using DeltaFunctions.Pipelines.Jobs;
using DeltaFunctions.Pipelines.Maintenance;
using DeltaFunctions.Pipelines.Sql;
using DeltaFunctions.Samples;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace DeltaFunctions.App.Tests.Orchestrations;

/// <summary>
/// The App's orchestrator and activity functions on the real Durable Task engine (the in-process test host: real history,
/// replay and timers), with the App's serializer as the data converter. Counts how often each orchestrator body runs
/// (once per replay) and collects what the workflows log.
/// </summary>
internal sealed class AppDurableHost : IAsyncDisposable
{
    private readonly DurableTaskTestHost _host;
    private readonly ILoggerFactory _loggerFactory;
    private int _jobRunBodies;
    private int _maintenanceBodies;

    private AppDurableHost(DurableTaskTestHost host, ILoggerFactory loggerFactory, FakeLogCollector logs)
    {
        _host = host;
        _loggerFactory = loggerFactory;
        Logs = logs;
    }

    public DurableTaskClient Client => _host.Client;

    public FakeLogCollector Logs { get; }

    /// <summary>How many times the job run orchestrator body has run (the first execution and every replay).</summary>
    public int JobRunBodies => Volatile.Read(ref _jobRunBodies);

    /// <summary>How many times the maintenance orchestrator body has run.</summary>
    public int MaintenanceBodies => Volatile.Read(ref _maintenanceBodies);

    public static async Task<AppDurableHost> StartAsync(IJobRunActivities jobs, IStatementActivities statements)
    {
        // The test host's gRPC sidecar is a default ASP.NET Core host that logs each request to the console.
        Environment.SetEnvironmentVariable("Logging__Console__LogLevel__Default", "None");
        var logs = new FakeLogCollector();
        var loggerFactory = LoggerFactory.Create(b => b
            .AddProvider(new FakeLoggerProvider(logs))
            .AddFilter((category, level) => category?.StartsWith("DeltaFunctions.", StringComparison.Ordinal) == true && level >= LogLevel.Debug));
        AppDurableHost? self = null;
        var jobFunctions = new JobRunActivityFunctions(jobs);
        var statementFunctions = new StatementActivityFunctions(statements);
        var converter = new JsonDataConverter(AppJson.Options);
        var host = await DurableTestHostStart.RetryingPortClashAsync(() => DurableTaskTestHost.StartAsync(
            tasks => tasks
                // Registered with their input types, as the Functions worker binds them, so GetInput<T> in the App's
                // orchestrator functions reads the typed input.
                .AddOrchestratorFunc<JobRunRequest?, JobRunResult>(JobRunWorkflow.Name, (context, _) =>
                {
                    Interlocked.Increment(ref self!._jobRunBodies);
                    return JobRunOrchestrator.RunAsync(context);
                })
                .AddOrchestratorFunc<MaintenanceRunRequest?, MaintenanceSummary>(MaintenanceWorkflow.Name, (context, _) =>
                {
                    Interlocked.Increment(ref self!._maintenanceBodies);
                    return MaintenanceOrchestrator.RunAsync(context);
                })
                .AddActivityFunc<SubmitJobRunInput, SubmittedJobRun>(JobRunActivityNames.SubmitRun, (_, input) => jobFunctions.SubmitRunAsync(input, CancellationToken.None))
                .AddActivityFunc<JobRunReference, JobRunSnapshot>(JobRunActivityNames.GetRunStatus, (_, input) => jobFunctions.GetRunStatusAsync(input, CancellationToken.None))
                .AddActivityFunc<JobRunReference, bool>(JobRunActivityNames.CancelRun, (_, input) => jobFunctions.CancelRunAsync(input, CancellationToken.None))
                .AddActivityFunc<JobRunReference, JobRunOutputSummary>(JobRunActivityNames.GetRunOutput, (_, input) => jobFunctions.GetRunOutputAsync(input, CancellationToken.None))
                .AddActivityFunc<StartStatementInput, StatementHandle>(StatementActivityNames.StartStatement, (_, input) => statementFunctions.StartStatementAsync(input, CancellationToken.None))
                .AddActivityFunc<StatementHandle, StatementStatusSnapshot>(StatementActivityNames.GetStatementStatus, (_, input) => statementFunctions.GetStatementStatusAsync(input, CancellationToken.None))
                .AddActivityFunc<StatementHandle, bool>(StatementActivityNames.CancelStatement, (_, input) => statementFunctions.CancelStatementAsync(input, CancellationToken.None))
                .AddActivityFunc<string, TableMaintenanceInfo>(StatementActivityNames.GetTableMaintenanceInfo, (_, input) => statementFunctions.GetTableMaintenanceInfoAsync(input, CancellationToken.None)),
            new DurableTaskTestHostOptions
            {
                LoggerFactory = loggerFactory,
                ConfigureServices = services =>
                {
                    services.Configure<DurableTaskWorkerOptions>(o => o.DataConverter = converter);
                    services.Configure<DurableTaskClientOptions>(o => o.DataConverter = converter);
                },
            },
            TestContext.Current.CancellationToken));
        self = new AppDurableHost(host, loggerFactory, logs);
        return self;
    }

    /// <summary>Waits for the instance to end, checks that it completed (the workflows report failures as data, never
    /// by failing the orchestration) and returns its metadata with input and output.</summary>
    public async Task<OrchestrationMetadata> WaitAsync(string instanceId, TimeSpan? timeout = null)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout ?? TimeSpan.FromMinutes(2));
        var state = await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cts.Token);
        Assert.True(
            state.RuntimeStatus == OrchestrationRuntimeStatus.Completed,
            $"orchestration {instanceId} ended {state.RuntimeStatus}: {state.FailureDetails}");
        return state;
    }

    /// <summary>The messages logged with this event name.</summary>
    public IReadOnlyList<string> Logged(string eventName) =>
        [.. Logs.GetSnapshot().Where(r => r.Id.Name == eventName).Select(r => r.Message)];

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _loggerFactory.Dispose();
    }
}
