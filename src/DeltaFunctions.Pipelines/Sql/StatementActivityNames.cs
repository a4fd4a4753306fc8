namespace DeltaFunctions.Pipelines.Sql;

/// <summary>
/// The names of the activities that run SQL statements asynchronously for workflows (maintenance). The App's
/// activity functions use these constants and delegate to an <see cref="IStatementActivities"/>.
/// </summary>
public static class StatementActivityNames
{
    /// <summary><see cref="IStatementActivities.StartStatementAsync"/>: input <see cref="StartStatementInput"/>, result <see cref="StatementHandle"/>.</summary>
    public const string StartStatement = "Sql_StartStatement";

    /// <summary><see cref="IStatementActivities.GetStatementStatusAsync"/>: input <see cref="StatementHandle"/>, result <see cref="StatementStatusSnapshot"/>.</summary>
    public const string GetStatementStatus = "Sql_GetStatementStatus";

    /// <summary><see cref="IStatementActivities.CancelStatementAsync"/>: input <see cref="StatementHandle"/>, result <see cref="bool"/>.</summary>
    public const string CancelStatement = "Sql_CancelStatement";

    /// <summary><see cref="IStatementActivities.GetTableMaintenanceInfoAsync"/>: input the table name, result <see cref="TableMaintenanceInfo"/>.</summary>
    public const string GetTableMaintenanceInfo = "Sql_GetTableMaintenanceInfo";
}
