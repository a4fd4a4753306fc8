using System.Diagnostics.CodeAnalysis;
using DeltaFunctions.Pipelines.Maintenance;
using DeltaFunctions.Pipelines.Validation;

namespace DeltaFunctions.Pipelines.Hosting;

/// <summary>The orchestration input for a maintenance timer, or why none can be made.</summary>
public sealed class MaintenanceRunPreparation
{
    internal MaintenanceRunPreparation(MaintenanceRunRequest? request, IReadOnlyList<ValidationProblem> problems)
    {
        Request = problems.Count == 0 ? request : null;
        Problems = problems;
    }

    /// <summary>The input of <see cref="MaintenanceWorkflow"/>, set when the plan is valid.</summary>
    public MaintenanceRunRequest? Request { get; }

    /// <summary>What is wrong with the configured plan (paths are prefixed with the setting's name).</summary>
    public IReadOnlyList<ValidationProblem> Problems { get; }

    /// <summary>Whether <see cref="Request"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Request))]
    public bool IsValid => Request is not null;
}
