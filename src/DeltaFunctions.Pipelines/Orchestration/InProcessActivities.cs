using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using DeltaFunctions.Pipelines.Jobs;
using DeltaFunctions.Pipelines.Sql;

namespace DeltaFunctions.Pipelines.Orchestration;

/// <summary>
/// The activities an <see cref="InProcessOrchestrationContext"/> can call, by name. Inputs and results make the same
/// JSON round trip through <see cref="PipelinesJsonContext"/> as under Durable, so a contract that would not survive
/// the runtime does not survive here either.
/// </summary>
public sealed class InProcessActivities
{
    private readonly Dictionary<string, Func<string, CancellationToken, Task<string>>> _activities = new(StringComparer.Ordinal);

    /// <summary>The activities of <see cref="JobRunWorkflow"/> and <c>MaintenanceWorkflow</c> over the given implementations.</summary>
    /// <param name="jobs">The job run activities, or null when no job runs are driven.</param>
    /// <param name="statements">The statement activities, or null when no maintenance is driven.</param>
    /// <returns>The registry.</returns>
    public static InProcessActivities For(IJobRunActivities? jobs, IStatementActivities? statements)
    {
        var activities = new InProcessActivities();
        if (jobs is not null)
        {
            activities
                .Add<SubmitJobRunInput, SubmittedJobRun>(JobRunActivityNames.SubmitRun, jobs.SubmitRunAsync)
                .Add<JobRunReference, JobRunSnapshot>(JobRunActivityNames.GetRunStatus, jobs.GetRunStatusAsync)
                .Add<JobRunReference, bool>(JobRunActivityNames.CancelRun, jobs.CancelRunAsync)
                .Add<JobRunReference, JobRunOutputSummary>(JobRunActivityNames.GetRunOutput, jobs.GetRunOutputAsync);
        }

        if (statements is not null)
        {
            activities
                .Add<StartStatementInput, StatementHandle>(StatementActivityNames.StartStatement, statements.StartStatementAsync)
                .Add<StatementHandle, StatementStatusSnapshot>(StatementActivityNames.GetStatementStatus, statements.GetStatementStatusAsync)
                .Add<StatementHandle, bool>(StatementActivityNames.CancelStatement, statements.CancelStatementAsync);
        }

        return activities;
    }

    /// <summary>Registers an activity.</summary>
    /// <typeparam name="TInput">The input contract (registered in <see cref="PipelinesJsonContext"/>).</typeparam>
    /// <typeparam name="TResult">The result contract (registered in <see cref="PipelinesJsonContext"/>).</typeparam>
    /// <param name="name">The activity's name.</param>
    /// <param name="activity">The implementation.</param>
    /// <returns>This registry.</returns>
    public InProcessActivities Add<TInput, TResult>(string name, Func<TInput, CancellationToken, Task<TResult>> activity)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(activity);
        var inputInfo = TypeInfo(typeof(TInput));
        var resultInfo = TypeInfo(typeof(TResult));
        _activities[name] = async (inputJson, cancellationToken) =>
        {
            var input = (TInput)JsonSerializer.Deserialize(inputJson, inputInfo)!;
            var result = await activity(input, cancellationToken).ConfigureAwait(false);
            return JsonSerializer.Serialize(result, resultInfo);
        };
        return this;
    }

    internal async Task<TResult> InvokeAsync<TResult>(string name, object? input, CancellationToken cancellationToken)
    {
        if (!_activities.TryGetValue(name, out var activity))
        {
            throw new InvalidOperationException($"No activity named '{name}' is registered.");
        }

        var inputJson = input is null ? "null" : JsonSerializer.Serialize(input, TypeInfo(input.GetType()));
        var resultJson = await activity(inputJson, cancellationToken).ConfigureAwait(false);
        return (TResult)JsonSerializer.Deserialize(resultJson, TypeInfo(typeof(TResult)))!;
    }

    private static JsonTypeInfo TypeInfo(Type type) =>
        PipelinesJsonContext.Default.GetTypeInfo(type)
        ?? throw new InvalidOperationException($"{type.FullName} is not registered in PipelinesJsonContext, so it cannot cross an orchestration boundary.");
}
