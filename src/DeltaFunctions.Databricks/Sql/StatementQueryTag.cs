namespace DeltaFunctions.Databricks.Sql;

/// <summary>One entry of the request field <c>query_tags</c>: <c>{"key": "team", "value": "eng"}</c>; the value is optional.</summary>
/// <param name="Key">The key.</param>
/// <param name="Value">The value; null for a key-only tag.</param>
internal sealed record StatementQueryTag(string Key, string? Value);
