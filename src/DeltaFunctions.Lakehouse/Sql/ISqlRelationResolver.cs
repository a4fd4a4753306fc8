namespace DeltaFunctions.Lakehouse.Sql;

/// <summary>Turns the tables and files a query names into DuckDB relations.</summary>
internal interface ISqlRelationResolver
{
    /// <summary>Resolves a table reference (a catalog table, or a path such as <c>parquet.`/Volumes/…`</c>).</summary>
    /// <param name="reference">The table as written.</param>
    /// <returns>DuckDB SQL usable after FROM: a relation name or a parenthesized query.</returns>
    /// <exception cref="LakehouseException">TABLE_OR_VIEW_NOT_FOUND and similar.</exception>
    string ResolveTable(TableReference reference);

    /// <summary>Resolves <c>read_files(path, format => …, …)</c>.</summary>
    /// <param name="path">The path argument.</param>
    /// <param name="options">The named options, keys lower case.</param>
    /// <returns>DuckDB SQL usable after FROM.</returns>
    string ResolveFiles(string path, IReadOnlyDictionary<string, string> options);
}
