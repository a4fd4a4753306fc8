namespace DeltaFunctions.Lakehouse.Sql;

/// <summary>Reads a bound parameter's text where the statement needs a constant (time travel, file paths, options).</summary>
internal static class ParameterText
{
    /// <summary>The text bound to <c>:name</c>; a missing or NULL parameter is <c>UNBOUND_SQL_PARAMETER</c>.</summary>
    /// <param name="parameters">The statement's parameters.</param>
    /// <param name="name">The marker name without the colon.</param>
    /// <returns>The bound text.</returns>
    public static string Require(IReadOnlyDictionary<string, LakehouseParameter> parameters, string name) =>
        parameters.TryGetValue(name, out var parameter) && parameter.Value is not null
            ? parameter.Value
            : throw SqlErrors.UnboundParameter(name);
}
