using DeltaFunctions.Pipelines.Sql;
using DeltaFunctions.Pipelines.Tests.Orchestration.Replay;

namespace DeltaFunctions.Pipelines.Tests.Maintenance;

/// <summary>
/// A scripted stand-in for the Statement Execution API behind <see cref="IStatementActivities"/>. A statement, named
/// <c>OPTIMIZE catalog.schema.table</c> or <c>VACUUM …</c> after its input, walks through the states scripted for the
/// first script key its name contains, one per poll, staying on the last; unscripted statements succeed at once.
/// Succeeded OPTIMIZE and VACUUM statements report metrics.
/// </summary>
internal sealed class FakeStatementActivities : IStatementActivities
{
    private readonly List<(string Contains, string[] States, string? Error)> _scripts = [];
    private readonly Dictionary<string, (string Statement, int Polls)> _statements = new(StringComparer.Ordinal);
    private readonly HashSet<string> _cancelled = new(StringComparer.Ordinal);

    /// <summary>Every statement started, by name, in order.</summary>
    public List<string> Started { get; } = [];

    /// <summary>Every start input, in order.</summary>
    public List<StartStatementInput> Inputs { get; } = [];

    /// <summary>Statements whose start is refused (matched by substring).</summary>
    public List<string> RefuseStart { get; } = [];

    public IReadOnlyCollection<string> Cancelled => _cancelled;

    public FakeStatementActivities Script(string contains, string[] states, string? error = null)
    {
        _scripts.Add((contains, states, error));
        return this;
    }

    public Task<StatementHandle> StartStatementAsync(StartStatementInput input, CancellationToken cancellationToken = default)
    {
        var name = input.Operation.ToString().ToUpperInvariant() + " " + input.Table;
        if (RefuseStart.Any(r => name.Contains(r, StringComparison.Ordinal)))
        {
            throw new InvalidOperationException("PERMISSION_DENIED: User does not have MODIFY on Table.");
        }

        var id = $"01ef-{Started.Count:D4}";
        Started.Add(name);
        Inputs.Add(input);
        _statements[id] = (name, 0);
        return Task.FromResult(new StatementHandle { StatementId = id, Table = input.Table, Operation = input.Operation });
    }

    public Task<StatementStatusSnapshot> GetStatementStatusAsync(StatementHandle input, CancellationToken cancellationToken = default)
    {
        var (statement, polls) = _statements[input.StatementId];
        _statements[input.StatementId] = (statement, polls + 1);
        var script = _scripts.FirstOrDefault(s => statement.Contains(s.Contains, StringComparison.Ordinal));
        var state = _cancelled.Contains(input.StatementId) ? "CANCELED"
            : script.States is { } states ? states[Math.Min(polls, states.Length - 1)]
            : "SUCCEEDED";
        return Task.FromResult(new StatementStatusSnapshot
        {
            StatementId = input.StatementId,
            State = state,
            ErrorCode = state == "FAILED" ? "BAD_REQUEST" : null,
            ErrorMessage = state == "FAILED" ? script.Error : null,
            SqlState = state == "FAILED" ? "42P01" : null,
            Metrics = state != "SUCCEEDED" ? null
                : statement.StartsWith("OPTIMIZE", StringComparison.Ordinal) ? new Dictionary<string, long> { ["numFilesAdded"] = 2, ["numFilesRemoved"] = 10 }
                : new Dictionary<string, long> { ["numDeletedFiles"] = 5 },
        });
    }

    public Task<bool> CancelStatementAsync(StatementHandle input, CancellationToken cancellationToken = default)
    {
        _cancelled.Add(input.StatementId);
        return Task.FromResult(true);
    }

    /// <summary>Tables predictive optimization maintains (exact names); reading <see cref="Unreadable"/> ones fails.</summary>
    public HashSet<string> PredictivelyOptimized { get; } = new(StringComparer.Ordinal);

    /// <summary>Tables whose maintenance information cannot be read.</summary>
    public HashSet<string> Unreadable { get; } = new(StringComparer.Ordinal);

    public Task<TableMaintenanceInfo> GetTableMaintenanceInfoAsync(string table, CancellationToken cancellationToken = default) =>
        Unreadable.Contains(table)
            ? throw new InvalidOperationException("PERMISSION_DENIED: User does not have USE SCHEMA.")
            : Task.FromResult(new TableMaintenanceInfo
            {
                Table = table,
                PredictiveOptimization = PredictivelyOptimized.Contains(table),
                PredictiveOptimizationSource = PredictivelyOptimized.Contains(table) ? "CATALOG main" : null,
            });
}

/// <summary>Binds an <see cref="IStatementActivities"/> to the harness under the names the workflows schedule.</summary>
internal static class StatementHarnessExtensions
{
    public static ReplayHarness AddStatementActivities(this ReplayHarness harness, IStatementActivities activities) => harness
        .AddActivity<StartStatementInput, StatementHandle>(StatementActivityNames.StartStatement, activities.StartStatementAsync)
        .AddActivity<StatementHandle, StatementStatusSnapshot>(StatementActivityNames.GetStatementStatus, activities.GetStatementStatusAsync)
        .AddActivity<StatementHandle, bool>(StatementActivityNames.CancelStatement, activities.CancelStatementAsync)
        .AddActivity<string, TableMaintenanceInfo>(StatementActivityNames.GetTableMaintenanceInfo, activities.GetTableMaintenanceInfoAsync);
}
