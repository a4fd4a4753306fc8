using System.Globalization;
using System.Text;
using DeltaFunctions.Pipelines.Validation;

namespace DeltaFunctions.Pipelines.Maintenance;

/// <summary>Builds the OPTIMIZE and VACUUM statements for a validated table entry, every identifier quoted.</summary>
internal static class MaintenanceStatements
{
    public static string Optimize(TableName table, IReadOnlyList<string>? zOrderBy)
    {
        var sql = new StringBuilder("OPTIMIZE ").Append(table.Quoted);
        if (zOrderBy is { Count: > 0 })
        {
            sql.Append(" ZORDER BY (").AppendJoin(", ", zOrderBy.Select(ColumnName.Quote)).Append(')');
        }

        return sql.ToString();
    }

    public static string Vacuum(TableName table, int retentionHours) =>
        string.Create(CultureInfo.InvariantCulture, $"VACUUM {table.Quoted} RETAIN {retentionHours} HOURS");
}
