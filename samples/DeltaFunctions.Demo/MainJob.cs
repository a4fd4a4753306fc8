using System.Globalization;
using DeltaFunctions.Databricks;
using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Emulator;
using DeltaFunctions.Pipelines.Activities;
using DeltaFunctions.Pipelines.Handlers;
using DeltaFunctions.Pipelines.Jobs;
using DeltaFunctions.Pipelines.Maintenance;
using DeltaFunctions.Pipelines.Messaging;
using DeltaFunctions.Pipelines.Orchestration;
using DeltaFunctions.Samples;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Logging;

namespace DeltaFunctions.Demo;

/// <summary>
/// The README's main job: starts the emulator in-process with its demo lakehouse and drives the same Pipelines code the
/// Azure Functions call through three flows: the merge messages of <c>samples/messages</c> through
/// <see cref="MergeRequestHandler"/>, a notebook job through <see cref="JobRunWorkflow"/> and a maintenance pass through
/// <see cref="MaintenanceWorkflow"/>, both as orchestrations on the in-process Durable Task engine
/// (<see cref="DurableTaskTestHost"/>: real history and replay, durable timers on the real clock). Everything it decides lives in Pipelines; this class only
/// wires it to the emulator and prints what happens.
/// </summary>
public sealed class MainJob
{
    /// <summary>The table the append messages write to; the demo creates it because the emulator seeds only trips.</summary>
    public const string RatingsTable = "main.demo.trip_ratings";

    /// <summary>The table the emulator's demo data holds.</summary>
    public const string TripsTable = "main.demo.trips";

    private const string NotebookPath = "/Shared/demo/city_summary";

    private static readonly TimeSpan RunPendingDuration = TimeSpan.FromSeconds(1.5);

    private static readonly string[] DemoTables = [TripsTable, RatingsTable];

    private readonly string _messagesDirectory;
    private readonly string _messagesDisplayName;

    /// <summary>Creates the main job.</summary>
    /// <param name="messagesDirectory">The merge messages; default: the <c>messages</c> folder copied next to the program.</param>
    public MainJob(string? messagesDirectory = null)
    {
        _messagesDirectory = messagesDirectory ?? Path.Combine(AppContext.BaseDirectory, "messages");
        _messagesDisplayName = messagesDirectory ?? "samples/messages";
    }

    /// <summary>Runs the three flows and prints progress and results.</summary>
    /// <param name="output">Where progress and results are written.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>What each flow returned.</returns>
    public async Task<MainJobSummary> RunAsync(TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        output = TextWriter.Synchronized(output);
        var started = TimeProvider.System.GetTimestamp();
        var messages = await QueuedMessageFiles.ReadAsync(_messagesDirectory, cancellationToken);
        var dataDirectory = Path.Combine(Path.GetTempPath(), "deltafunctions-demo-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await using var emulator = await EmulatorHost.StartAsync(
                new EmulatorOptions
                {
                    Urls = "http://127.0.0.1:0",
                    DataDirectory = dataDirectory,
                    SeedDemo = true,

                    // A run stays PENDING while Databricks starts its compute; a short wait here gives the job's polls something to see.
                    RunPendingDuration = RunPendingDuration,
                },
                cancellationToken);
            using var client = new DatabricksClient(
                emulator.BaseAddress,
                DatabricksCredential.FromPersonalAccessToken(emulator.Token),
                new DatabricksClientOptions { WarehouseId = emulator.WarehouseId });
            using var loggerFactory = LoggerFactory.Create(logging => logging
                .AddProvider(new TextWriterLoggerProvider(output, "      · "))
                .AddFilter((category, level) => category?.StartsWith("DeltaFunctions.Pipelines", StringComparison.Ordinal) == true && level >= LogLevel.Debug));

            output.WriteLine("DeltaFunctions main job, local run.");
            output.WriteLine("Production runs these flows on Azure Functions (Service Bus, Durable Functions and timer triggers) against an");
            output.WriteLine("Azure Databricks workspace. Here the same Pipelines code runs in this process against the emulator, a local");
            output.WriteLine($"Databricks workspace at {emulator.BaseAddress} seeded with {TripsTable} and the notebook {NotebookPath}.");

            var sql = client.GetSqlClient();
            await sql.ExecuteAsync(
                SqlStatement.FromText($"CREATE TABLE IF NOT EXISTS {RatingsTable} (trip_id BIGINT, stars INT, comment STRING, _batch_id STRING)"),
                cancellationToken: cancellationToken);
            var before = await CountRowsAsync(sql, cancellationToken);
            var merges = await MergeAsync(output, client, messages, before, cancellationToken);

            // The workflows and activities the App registers as functions, on the in-process Durable engine. Its gRPC
            // sidecar is a default ASP.NET Core host that logs every request to the console; the main job prints its own
            // progress, so that console provider is turned off through the configuration the default host reads.
            Environment.SetEnvironmentVariable("Logging__Console__LogLevel__Default", "None");
            await using var durable = await DurableTestHostStart.RetryingPortClashAsync(() => DurableTaskTestHost.StartAsync(
                tasks => tasks.AddPipelinesWorkflows(new JobRunActivities(client.GetJobsClient()), new StatementActivities(client)),
                new DurableTaskTestHostOptions { LoggerFactory = loggerFactory },
                cancellationToken));
            var job = await RunJobAsync(output, durable.Client, cancellationToken);
            var maintenance = await MaintainAsync(output, durable.Client, cancellationToken);

            var summary = new MainJobSummary
            {
                RowCountsBefore = before,
                Merges = merges,
                Job = job,
                Maintenance = maintenance,
                Elapsed = TimeProvider.System.GetElapsedTime(started),
            };
            output.WriteLine();
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Main job {(summary.Succeeded ? "succeeded" : "FAILED")} in {summary.Elapsed.TotalSeconds:0.0} s."));
            return summary;
        }
        finally
        {
            DeleteQuietly(dataDirectory);
        }
    }

    // Flow 1: each file is one delivery of a Service Bus message; the handler is the one the merge-requests trigger calls.
    private async Task<IReadOnlyList<MergeDelivery>> MergeAsync(
        TextWriter output, DatabricksClient client, IReadOnlyList<QueuedMessage> messages, IReadOnlyDictionary<string, long> before, CancellationToken cancellationToken)
    {
        output.WriteLine();
        output.WriteLine($"1. Merge messages: {messages.Count} deliveries from {_messagesDisplayName}");
        output.WriteLine("   (MergeRequestHandler, as the Service Bus trigger on merge-requests calls it)");
        output.WriteLine($"   rows before: {Describe(before)}");
        var handler = new MergeRequestHandler(client);
        var sql = client.GetSqlClient();
        var deliveries = new List<MergeDelivery>(messages.Count);
        foreach (var message in messages)
        {
            var redelivered = message.IsRedelivery ? $", redelivery {message.DeliveryCount}" : string.Empty;
            output.WriteLine($"   {message.Source} (message {message.MessageId}{redelivered})");
            var outcome = await handler.HandleAsync(message.Body, message.MessageId, cancellationToken);
            output.WriteLine("     " + Settlement(outcome));
            var after = await CountRowsAsync(sql, cancellationToken);
            output.WriteLine($"     rows now: {Describe(after)}");
            deliveries.Add(new MergeDelivery { Message = message, Outcome = outcome, RowCountsAfter = after });
        }

        return deliveries;
    }

    // Flow 2: the orchestration the HTTP and Service Bus job starters start, on the in-process Durable engine.
    private static async Task<JobRunResult> RunJobAsync(TextWriter output, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        output.WriteLine();
        output.WriteLine($"2. Job run: the notebook {NotebookPath} for city 'Amsterdam'");
        output.WriteLine("   (JobRunWorkflow as an orchestration on the in-process Durable Task engine; its durable timers fire after 1-2 s,");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   and the emulator keeps the run PENDING for {RunPendingDuration.TotalSeconds} s as if compute were starting)"));
        var request = new JobRunRequest
        {
            Jobs =
            [
                new JobStep
                {
                    Key = "city-summary",
                    Run = new JobRunDefinition
                    {
                        RunName = "demo city summary",
                        Tasks =
                        [
                            new JobTaskDefinition
                            {
                                TaskKey = "summary",
                                NotebookTask = new NotebookTaskDefinition
                                {
                                    NotebookPath = NotebookPath,
                                    BaseParameters = new Dictionary<string, string> { ["city"] = "Amsterdam" },
                                },
                            },
                        ],
                    },
                },
            ],
            TimeoutSeconds = 120,
            Polling = new PollingSettings { InitialIntervalSeconds = 1, MaxIntervalSeconds = 2, BackoffCoefficient = 1.5 },
        };
        var result = await RunOrchestrationAsync<JobRunRequest, JobRunResult>(durable, JobRunWorkflow.Name, "demo-city-summary", request, cancellationToken);
        foreach (var step in result.Steps)
        {
            output.WriteLine($"   step {step.Key}: {step.Outcome}, result state {step.ResultState ?? "none"} after {step.Polls} poll(s)");
            output.WriteLine($"     run page: {step.RunPageUrl}");
            output.WriteLine($"     notebook output: {step.NotebookOutput ?? step.Error}");
        }

        return result;
    }

    // Flow 3: the pass the OPTIMIZE/VACUUM timer triggers start as a singleton orchestration.
    private static async Task<MaintenanceSummary> MaintainAsync(TextWriter output, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        output.WriteLine();
        output.WriteLine("3. Maintenance: OPTIMIZE and VACUUM of the demo tables");
        output.WriteLine("   (MaintenanceWorkflow as an orchestration on the in-process Durable Task engine; statements polled every second)");
        var request = new MaintenanceRunRequest
        {
            Plan = new MaintenancePlan
            {
                Tables = [new MaintenanceTable { Name = TripsTable, ZOrderBy = ["city"] }, new MaintenanceTable { Name = RatingsTable }],
                Polling = new PollingSettings { InitialIntervalSeconds = 1, MaxIntervalSeconds = 1 },
            },
        };
        var summary = await RunOrchestrationAsync<MaintenanceRunRequest, MaintenanceSummary>(
            durable, MaintenanceWorkflow.Name, MaintenanceWorkflow.SingletonInstanceId, request, cancellationToken);
        foreach (var table in summary.Tables)
        {
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"   {table.Table,-24} {table.Outcome,-9} {table.FilesAdded} file(s) added, {table.FilesRemoved} removed, {table.DurationSeconds:0.0} s{(table.Error is null ? string.Empty : ": " + table.Error)}"));
        }

        output.WriteLine($"   {summary.Succeeded} table(s) succeeded, {summary.Failed} failed, {summary.NotDue} not due");
        return summary;
    }

    // Starts an orchestration and waits for its output, as a Durable client does; a failed orchestration is an error here.
    private static async Task<TOutput> RunOrchestrationAsync<TInput, TOutput>(
        DurableTaskClient durable, string name, string instanceId, TInput input, CancellationToken cancellationToken)
    {
        await durable.ScheduleNewOrchestrationInstanceAsync(name, input, new Microsoft.DurableTask.StartOrchestrationOptions(instanceId), cancellationToken);
        var state = await durable.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        return state.RuntimeStatus == OrchestrationRuntimeStatus.Completed
            ? state.ReadOutputAs<TOutput>() ?? throw new InvalidOperationException($"Orchestration {instanceId} returned no output.")
            : throw new InvalidOperationException($"Orchestration {instanceId} ended {state.RuntimeStatus}: {state.FailureDetails?.ErrorMessage}");
    }

    // What the Service Bus trigger does with each outcome (see HandlerOutcome): complete, dead-letter or abandon.
    private static string Settlement(HandlerOutcome<MergeRequestResult> outcome) => outcome switch
    {
        HandlerOutcome<MergeRequestResult>.Done { Result: var r } => string.Create(
            CultureInfo.InvariantCulture,
            $"complete: {r.Mode} into {r.TargetTable}{(r.BatchId is null ? string.Empty : $" (batch {r.BatchId})")}: {r.RowsInserted} inserted, {r.RowsUpdated} updated, {r.RowsDeleted} deleted{(r.AlreadyApplied ? "; batch already applied, nothing written" : string.Empty)}"),
        HandlerOutcome<MergeRequestResult>.Invalid invalid => $"dead-letter: reason {invalid.Reason}, description \"{invalid.Description}\"",
        HandlerOutcome<MergeRequestResult>.Transient transient => string.Create(
            CultureInfo.InvariantCulture,
            $"abandon (redelivered after {transient.RetryAfter.TotalSeconds} s): {transient.Reason}: {transient.Description}"),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "unknown outcome"),
    };

    private static async Task<IReadOnlyDictionary<string, long>> CountRowsAsync(SqlClient sql, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in DemoTables)
        {
            counts[table] = await sql.ReadAsync<long>(SqlStatement.FromText($"SELECT count(*) FROM {table}"), cancellationToken: cancellationToken)
                .FirstAsync(cancellationToken);
        }

        return counts;
    }

    private static string Describe(IReadOnlyDictionary<string, long> counts) =>
        string.Join(", ", counts.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value}")));

    private static void DeleteQuietly(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // Likewise.
        }
    }
}
