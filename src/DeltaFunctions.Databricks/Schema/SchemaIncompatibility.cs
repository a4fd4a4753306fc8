using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Schema;

/// <summary>Why a source column cannot be reconciled with the target.</summary>
public enum IncompatibilityReason
{
    /// <summary>The source type is narrower than the target's; Delta never narrows a column.</summary>
    Narrowing,

    /// <summary>The types differ and Delta allows no change between them.</summary>
    TypeChangeNotAllowed,

    /// <summary>The source lacks a target column that cannot hold NULL, so written rows would violate it.</summary>
    DroppingNonNullableColumn,
}

/// <summary>One column that cannot be reconciled, with the reason and a message that says what to do.</summary>
/// <param name="Column">The column name.</param>
/// <param name="Reason">The reason.</param>
/// <param name="SourceType">The source type, when the source has the column.</param>
/// <param name="TargetType">The target type.</param>
/// <param name="Message">A readable explanation.</param>
public sealed record SchemaIncompatibility(
    string Column, IncompatibilityReason Reason, SqlType? SourceType, SqlType TargetType, string Message);
