using System.Text.Json.Serialization;
using DeltaFunctions.Databricks.Simulation;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>The dry-run side of <see cref="StatementResponse"/>.</summary>
public sealed partial record StatementResponse : IDryRunResult
{
    /// <summary>The <see cref="StatementId"/> of a statement that was not sent.</summary>
    public const string NotExecutedStatementId = "dry-run";

    /// <inheritdoc/>
    [JsonIgnore]
    public bool IsDryRun => DryRunRequests.Count > 0;

    /// <inheritdoc/>
    [JsonIgnore]
    public IReadOnlyList<DryRunRequest> DryRunRequests { get; init; } = Array.Empty<DryRunRequest>();

    /// <summary>The response of a statement that a dry run did not send: no id, no result, the request it would have been.</summary>
    internal static StatementResponse NotExecuted(DryRunRequest request) => new()
    {
        StatementId = NotExecutedStatementId,
        Status = new StatementStatus { State = StatementState.NotExecuted },
        DryRunRequests = [request],
    };
}
