using DeltaFunctions.Pipelines.Jobs;
using DeltaFunctions.Pipelines.Maintenance;
using DeltaFunctions.Pipelines.Merge;
using DeltaFunctions.Pipelines.Sql;

namespace DeltaFunctions.Pipelines.Validation;

/// <summary>
/// Validates contracts that already exist as objects (built in code, or handed over by the orchestration
/// runtime). Raw JSON goes through <see cref="PipelineRequestParser"/>, which also checks the JSON shape.
/// </summary>
public static class PipelineRequestValidator
{
    /// <summary>Validates a job run request.</summary>
    /// <param name="request">The request.</param>
    /// <returns>Every problem found.</returns>
    public static ValidationResult Validate(JobRunRequest request) => Run(request, JobRunRequestValidator.Validate);

    /// <summary>Validates a merge request.</summary>
    /// <param name="request">The request.</param>
    /// <returns>Every problem found.</returns>
    public static ValidationResult Validate(MergeRequest request) => Run(request, MergeRequestValidator.Validate);

    /// <summary>Validates a SQL request.</summary>
    /// <param name="request">The request.</param>
    /// <returns>Every problem found.</returns>
    public static ValidationResult Validate(SqlRequest request) => Run(request, SqlRequestValidator.Validate);

    /// <summary>Validates a maintenance plan.</summary>
    /// <param name="plan">The plan.</param>
    /// <returns>Every problem found.</returns>
    public static ValidationResult Validate(MaintenancePlan plan) => Run(plan, MaintenancePlanValidator.Validate);

    private static ValidationResult Run<T>(T value, Action<T, ProblemCollector> validate)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(value);
        var problems = new ProblemCollector();
        validate(value, problems);
        return problems.ToResult();
    }
}
