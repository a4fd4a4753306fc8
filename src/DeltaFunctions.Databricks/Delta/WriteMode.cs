namespace DeltaFunctions.Databricks.Delta;

/// <summary>How <see cref="DeltaClient.WriteTableAsync{T}"/> writes rows.</summary>
public enum WriteMode
{
    /// <summary><c>INSERT INTO</c>: add the rows.</summary>
    Append,

    /// <summary><c>INSERT OVERWRITE</c>: replace the whole table with the rows.</summary>
    Overwrite,

    /// <summary>
    /// <c>INSERT INTO … REPLACE WHERE</c>: atomically delete the rows matching <see cref="WriteTableOptions.ReplaceWhere"/>
    /// and insert these (which must all match it). Columns are matched by position, so list them in table order.
    /// </summary>
    ReplaceWhere,
}
