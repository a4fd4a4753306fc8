using DeltaFunctions.Pipelines.Maintenance;
using DeltaFunctions.Pipelines.Validation;

namespace DeltaFunctions.Pipelines.Hosting;

/// <summary>
/// Which maintenance runs on which schedule: the OPTIMIZE timer runs the configured plan with
/// <see cref="MaintenanceOperations.Optimize"/>, the VACUUM timer with <see cref="MaintenanceOperations.Vacuum"/>. Both
/// start the same singleton orchestration (<see cref="MaintenanceWorkflow.SingletonInstanceId"/>), so an OPTIMIZE pass
/// and a VACUUM pass never overlap either.
/// </summary>
public static class MaintenanceRuns
{
    /// <summary>Builds the orchestration input for a timer from the configured plan.</summary>
    /// <param name="trigger">Which timer fired.</param>
    /// <param name="planJson">The value of <see cref="MaintenanceSettings.PlanKey"/>, or null when unset.</param>
    /// <param name="dryRun">The value of <see cref="MaintenanceSettings.DryRunKey"/> (<c>true</c>/<c>false</c>), or null when unset (false).</param>
    /// <returns>The input, or every problem with the plan.</returns>
    public static MaintenanceRunPreparation Prepare(MaintenanceTrigger trigger, string? planJson, string? dryRun = null)
    {
        var operations = trigger switch
        {
            MaintenanceTrigger.Optimize => MaintenanceOperations.Optimize,
            MaintenanceTrigger.Vacuum => MaintenanceOperations.Vacuum,
            _ => throw new ArgumentOutOfRangeException(nameof(trigger), trigger, "Unknown maintenance trigger."),
        };

        if (string.IsNullOrWhiteSpace(planJson))
        {
            return new MaintenanceRunPreparation(null,
                [new ValidationProblem(MaintenanceSettings.PlanKey, ValidationCodes.Required, "no maintenance plan is configured")]);
        }

        var parsed = PipelineRequestParser.ParseMaintenancePlan(planJson);
        if (!parsed.IsValid)
        {
            return new MaintenanceRunPreparation(null, [.. parsed.Validation.Problems.Select(Prefix)]);
        }

        var isDryRun = false;
        if (!string.IsNullOrWhiteSpace(dryRun) && !bool.TryParse(dryRun, out isDryRun))
        {
            return new MaintenanceRunPreparation(null,
                [new ValidationProblem(MaintenanceSettings.DryRunKey, ValidationCodes.InvalidValue, $"'{dryRun}' is not true or false")]);
        }

        return new MaintenanceRunPreparation(
            new MaintenanceRunRequest { Plan = parsed.Value, Operations = operations, DryRun = isDryRun }, []);
    }

    private static ValidationProblem Prefix(ValidationProblem problem) =>
        problem with
        {
            Path = problem.Path == ProblemCollector.Root ? MaintenanceSettings.PlanKey
                : problem.Path.StartsWith('$') ? MaintenanceSettings.PlanKey + problem.Path[1..]
                : MaintenanceSettings.PlanKey + "." + problem.Path,
        };
}
