namespace DeltaFunctions.Databricks.Sql;

/// <summary>One field of a STRUCT type.</summary>
/// <param name="Name">The field name.</param>
/// <param name="Type">The field type.</param>
/// <param name="Nullable">Whether the field may be NULL.</param>
public sealed record SqlStructField(string Name, SqlType Type, bool Nullable = true);
