namespace DeltaFunctions.Pipelines.Maintenance;

/// <summary>The one Delta maintenance command a statement activity starts (the client's OPTIMIZE or VACUUM).</summary>
public enum MaintenanceCommand
{
    /// <summary><c>OPTIMIZE</c>, Z-ordered when columns are given (<c>DeltaClient.StartOptimizeAsync</c>).</summary>
    Optimize,

    /// <summary><c>VACUUM … RETAIN n HOURS</c>, never a dry run (<c>DeltaClient.StartVacuumAsync</c>).</summary>
    Vacuum,
}
