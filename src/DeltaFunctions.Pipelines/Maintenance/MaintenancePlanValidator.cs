using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Pipelines.Orchestration;
using DeltaFunctions.Pipelines.Validation;

namespace DeltaFunctions.Pipelines.Maintenance;

/// <summary>The rules of a <see cref="MaintenancePlan"/> beyond its JSON shape.</summary>
internal static class MaintenancePlanValidator
{
    private const int MaxZOrderColumns = 32;

    public static void Validate(MaintenancePlan plan, ProblemCollector problems)
    {
        ValidationRules.WarehouseId(problems, "warehouseId", plan.WarehouseId);
        if (plan.StatementTimeoutMinutes is { } timeoutMinutes)
        {
            ValidationRules.Range(problems, "statementTimeoutMinutes", timeoutMinutes, 1, 1440);
        }

        if (plan.Polling is { } polling)
        {
            PollingSettingsValidator.Validate(polling, "polling", problems);
        }

        if (plan.Schedule is { } schedule)
        {
            ValidateSchedule(schedule, problems);
        }

        if (plan.Tables is null || plan.Tables.Count == 0 || plan.Tables.Count > MaintenancePlan.MaxTables)
        {
            problems.Add("tables", ValidationCodes.OutOfRange, $"must hold between 1 and {MaintenancePlan.MaxTables} tables");
            return;
        }

        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < plan.Tables.Count; i++)
        {
            var path = ProblemCollector.Index("tables", i);
            var table = plan.Tables[i];
            if (TableName.TryParse(table.Name, out var name, out var error))
            {
                if (!names.TryAdd(name!.FullName, i))
                {
                    problems.Add(path + ".name", ValidationCodes.Duplicate, $"names the same table as tables[{names[name.FullName]}]");
                }
            }
            else
            {
                problems.Add(path + ".name", ValidationCodes.InvalidIdentifier, error!);
            }

            if (table.ZOrderBy is not null)
            {
                ValidationRules.Columns(problems, path + ".zOrderBy", table.ZOrderBy, 1, MaxZOrderColumns);
            }

            var minimum = table.AllowShortRetention ? 0 : MaintenanceTable.MinimumSafeRetentionHours;
            var retention = table.EffectiveRetentionHours;
            if (retention < minimum || retention > MaintenanceTable.MaxRetentionHours)
            {
                problems.Add(path + ".vacuumRetentionHours", ValidationCodes.OutOfRange, table.AllowShortRetention || retention >= minimum
                    ? $"must be between {minimum} and {MaintenanceTable.MaxRetentionHours}"
                    : $"must be at least {MaintenanceTable.MinimumSafeRetentionHours} hours (7 days) unless allowShortRetention is set; shorter retention can delete files concurrent readers and writers still need");
            }

            if (table.Days is { } days)
            {
                var seen = new HashSet<DayOfWeek>();
                for (var d = 0; d < days.Count; d++)
                {
                    var dayPath = ProblemCollector.Index(path + ".days", d);
                    if (!Enum.IsDefined(days[d]))
                    {
                        problems.Add(dayPath, ValidationCodes.InvalidValue, "must be a day of the week");
                    }
                    else if (!seen.Add(days[d]))
                    {
                        problems.Add(dayPath, ValidationCodes.Duplicate, "repeats a day");
                    }
                }
            }

            if (!table.EffectiveOptimize && !table.EffectiveVacuum)
            {
                problems.Add(path, ValidationCodes.Conflict, "turns off both optimize and vacuum; remove the table instead");
            }
        }
    }

    private static void ValidateSchedule(MaintenanceSchedule schedule, ProblemCollector problems)
    {
        Cron(problems, "schedule.optimizeCron", schedule.OptimizeCron);
        Cron(problems, "schedule.vacuumCron", schedule.VacuumCron);
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(schedule.EffectiveTimeZone, out _))
        {
            problems.Add("schedule.timeZone", ValidationCodes.InvalidValue, "is not a time zone id known to this host (use an IANA id such as Europe/Amsterdam, or UTC)");
        }
    }

    private static void Cron(ProblemCollector problems, string path, string? expression)
    {
        if (expression is null)
        {
            return;
        }

        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is not (5 or 6) || fields.Any(f => !f.All(c => char.IsAsciiLetterOrDigit(c) || c is '*' or '/' or ',' or '-')))
        {
            problems.Add(path, ValidationCodes.InvalidValue, "must be an NCRONTAB expression of 5 or 6 fields, e.g. \"0 0 2 * * *\"");
        }
    }
}
