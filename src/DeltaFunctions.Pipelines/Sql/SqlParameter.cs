namespace DeltaFunctions.Pipelines.Sql;

/// <summary>One named statement parameter, sent as Databricks' <c>{name, value, type}</c>.</summary>
public sealed record SqlParameter
{
    /// <summary>The marker name without the colon: a letter or underscore, then letters, digits or underscores.</summary>
    public required string Name { get; init; }

    /// <summary>The value as text; null means SQL NULL. Databricks casts it to <see cref="Type"/>.</summary>
    public string? Value { get; init; }

    /// <summary>
    /// The SQL type, e.g. <c>BIGINT</c>, <c>DECIMAL(10,2)</c>, <c>DATE</c>. <value>Default: <c>STRING</c>.</value>
    /// ARRAY, MAP and STRUCT are not allowed by the Statement Execution API.
    /// </summary>
    public string? Type { get; init; }
}
