using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Schema;

/// <summary>One column that cannot be reconciled, with the reason and a message that says what to do.</summary>
/// <param name="Column">The column name.</param>
/// <param name="Reason">The reason.</param>
/// <param name="SourceType">The source type, when the source has the column.</param>
/// <param name="TargetType">The target type.</param>
/// <param name="Message">A readable explanation.</param>
public sealed record SchemaIncompatibility(
    string Column, IncompatibilityReason Reason, SqlType? SourceType, SqlType TargetType, string Message);
