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
