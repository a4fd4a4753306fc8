namespace DeltaFunctions.Databricks.Delta;

/// <summary>How in-memory rows travel inside a statement (writes and merge sources).</summary>
public enum SourceRowEncoding
{
    /// <summary>
    /// ONE bound STRING parameter holding the rows as JSON, expanded in SQL with
    /// <c>inline(from_json(:rows, 'ARRAY&lt;STRUCT&lt;…&gt;&gt;'))</c>. The default: one parameter whatever the row count,
    /// every Databricks type including ARRAY/MAP/STRUCT.
    /// </summary>
    JsonParameter,

    /// <summary>
    /// An inline <c>VALUES</c> table with one typed parameter per cell. For engines without <c>from_json</c>/<c>inline</c>;
    /// ARRAY, MAP and STRUCT columns are not supported.
    /// </summary>
    ValuesParameters,
}
