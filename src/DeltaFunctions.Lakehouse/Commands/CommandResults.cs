namespace DeltaFunctions.Lakehouse.Commands;

/// <summary>Builds the fixed-shape results of commands (SHOW, DESCRIBE, DML metrics, …).</summary>
internal static class CommandResults
{
    /// <summary>Builds a result from column (name, type) pairs and rows.</summary>
    /// <param name="columns">The columns as name and Databricks type.</param>
    /// <param name="rows">The rows.</param>
    /// <returns>The result.</returns>
    public static LakehouseResult Build(IEnumerable<(string Name, string Type)> columns, IEnumerable<object?[]> rows) =>
        new([.. columns.Select(c => new LakehouseColumn(c.Name, c.Type))], [.. rows]);

    /// <summary>The INSERT metrics row.</summary>
    /// <param name="inserted">Rows inserted.</param>
    /// <returns>The result.</returns>
    public static LakehouseResult Insert(long inserted) =>
        Build([("num_affected_rows", "BIGINT"), ("num_inserted_rows", "BIGINT")], [[inserted, inserted]]);

    /// <summary>The UPDATE metrics row.</summary>
    /// <param name="updated">Rows updated.</param>
    /// <returns>The result.</returns>
    public static LakehouseResult Update(long updated) => Build([("num_affected_rows", "BIGINT")], [[updated]]);

    /// <summary>The DELETE metrics row.</summary>
    /// <param name="deleted">Rows deleted.</param>
    /// <returns>The result.</returns>
    public static LakehouseResult Delete(long deleted) => Build([("num_affected_rows", "BIGINT")], [[deleted]]);

    /// <summary>The MERGE metrics row.</summary>
    /// <param name="updated">Rows updated.</param>
    /// <param name="deleted">Rows deleted.</param>
    /// <param name="inserted">Rows inserted.</param>
    /// <returns>The result.</returns>
    public static LakehouseResult Merge(long updated, long deleted, long inserted) =>
        Build(
            [("num_affected_rows", "BIGINT"), ("num_updated_rows", "BIGINT"), ("num_deleted_rows", "BIGINT"), ("num_inserted_rows", "BIGINT")],
            [[updated + deleted + inserted, updated, deleted, inserted]]);
}
