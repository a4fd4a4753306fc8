namespace DeltaFunctions.Databricks.Jobs;

/// <summary>
/// An open, string-backed value the service may add to: the JSON converter creates one from any string, so a
/// value Databricks introduces tomorrow deserializes and serializes back unchanged.
/// </summary>
/// <typeparam name="TSelf">The implementing value type.</typeparam>
internal interface IExtensibleEnum<TSelf>
    where TSelf : struct, IExtensibleEnum<TSelf>
{
    /// <summary>Gets the wire value.</summary>
    string Value { get; }

    /// <summary>Creates the value for a wire string.</summary>
    static abstract TSelf Create(string value);
}
