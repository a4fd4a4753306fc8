namespace DeltaFunctions.Lakehouse.Log;

/// <summary>Quoting helpers for the DuckDB SQL the storage layer generates.</summary>
internal static class SqlNames
{
    /// <summary>Quotes an identifier for DuckDB (<c>"a""b"</c>).</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Quotes a string literal for DuckDB (<c>'it''s'</c>). Used only for file paths the engine owns.</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
