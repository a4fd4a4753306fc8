namespace DeltaFunctions.Lakehouse.Sql;

/// <summary>
/// The DuckDB functions Databricks SQL does not have and that reach past the workspace: files, globs, settings,
/// environment, extensions, catalogs of the engine itself and SQL-executing helpers. The front end answers them
/// with <c>UNRESOLVED_ROUTINE</c>, as Databricks does for any name it does not know; DuckDB's own sandbox (external
/// access off, configuration locked) stays the second line behind this list.
/// </summary>
internal static class EngineOnlyFunctions
{
    private static readonly HashSet<string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        "glob", "getenv", "current_setting", "sniff_csv", "query", "query_table", "which_secret", "load_aws_credentials",
        "checkpoint", "force_checkpoint", "json_execute_serialized_sql", "json_serialize_sql", "json_deserialize_sql",
        "json_serialize_plan", "arrow_scan", "arrow_scan_dumb", "seq_scan", "summary", "test_all_types", "test_vector_types",
        "set_variable", "getvariable", "icu_calendar_names", "delta_scan", "iceberg_scan", "iceberg_metadata",
        "iceberg_snapshots", "sql_auto_complete", "from_substrait", "get_substrait", "get_substrait_json", "enable_logging",
        "disable_logging", "truncate_duckdb_logs", "repeat_row", "unnest_internal",
    };

    // read_files is Databricks' own and is resolved (inside volumes) before this check sees it.
    private static readonly string[] Prefixes =
    [
        "read_", "parquet_", "duckdb_", "pragma_", "sqlite_", "postgres_", "mysql_", "iceberg_", "st_read", "__",
    ];

    /// <summary>Returns whether a function name is a DuckDB-only routine user SQL may not call.</summary>
    /// <param name="name">The function name as written (unquoted).</param>
    /// <returns><see langword="true"/> when the name must be refused.</returns>
    public static bool IsRefused(string name) =>
        !name.Equals("read_files", StringComparison.OrdinalIgnoreCase)
        && (Names.Contains(name) || Prefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Refuses every call of an engine-only function in a token list.</summary>
    /// <param name="tokens">The tokens of a query or expression.</param>
    /// <exception cref="LakehouseException"><c>UNRESOLVED_ROUTINE</c> for the first such call.</exception>
    public static void Check(IReadOnlyList<SqlToken> tokens)
    {
        for (var i = 0; i + 1 < tokens.Count; i++)
        {
            if (tokens[i].IsIdentifier && tokens[i + 1].IsSymbol("(") && IsRefused(tokens[i].Text))
            {
                throw SqlErrors.UnresolvedRoutine(tokens[i].Text);
            }
        }
    }
}
