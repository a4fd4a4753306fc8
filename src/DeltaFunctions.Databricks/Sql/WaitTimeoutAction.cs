using System.Text.Json.Serialization;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>What the service does when <c>wait_timeout</c> elapses before the statement finishes. Unknown values round-trip unchanged.</summary>
[JsonConverter(typeof(StringValueJsonConverter<WaitTimeoutAction>))]
public readonly record struct WaitTimeoutAction : IStringValue<WaitTimeoutAction>
{
    /// <summary>Creates a value from the string the service sends.</summary>
    /// <param name="value">The string; never null.</param>
    public WaitTimeoutAction(string value) => Value = value ?? throw new ArgumentNullException(nameof(value));

    /// <inheritdoc/>
    public string Value { get; }

    /// <summary>The value <c>CONTINUE</c>.</summary>
    public static WaitTimeoutAction Continue { get; } = new("CONTINUE");

    /// <summary>The value <c>CANCEL</c>.</summary>
    public static WaitTimeoutAction Cancel { get; } = new("CANCEL");

    /// <inheritdoc/>
    public static WaitTimeoutAction From(string value) => new(value);

    /// <inheritdoc/>
    public override string ToString() => Value ?? string.Empty;
}
