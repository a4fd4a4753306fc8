using System.Text.Json.Serialization;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>The state of a SQL statement (PENDING → RUNNING → SUCCEEDED | FAILED | CANCELED; SUCCEEDED → CLOSED). Unknown values round-trip unchanged.</summary>
[JsonConverter(typeof(StringValueJsonConverter<StatementState>))]
public readonly record struct StatementState : IStringValue<StatementState>
{
    /// <summary>Creates a value from the string the service sends.</summary>
    /// <param name="value">The string; never null.</param>
    public StatementState(string value) => Value = value ?? throw new ArgumentNullException(nameof(value));

    /// <inheritdoc/>
    public string Value { get; }

    /// <summary>The value <c>PENDING</c>.</summary>
    public static StatementState Pending { get; } = new("PENDING");

    /// <summary>The value <c>RUNNING</c>.</summary>
    public static StatementState Running { get; } = new("RUNNING");

    /// <summary>The value <c>SUCCEEDED</c>.</summary>
    public static StatementState Succeeded { get; } = new("SUCCEEDED");

    /// <summary>The value <c>FAILED</c>.</summary>
    public static StatementState Failed { get; } = new("FAILED");

    /// <summary>The value <c>CANCELED</c>.</summary>
    public static StatementState Canceled { get; } = new("CANCELED");

    /// <summary>The value <c>CLOSED</c>.</summary>
    public static StatementState Closed { get; } = new("CLOSED");

    /// <summary>
    /// Client-side, never sent by Databricks: the statement was not sent because dry run is on
    /// (<see cref="StatementResponse.IsDryRun"/>). Terminal.
    /// </summary>
    public static StatementState NotExecuted { get; } = new("CLIENT_NOT_EXECUTED");

    /// <inheritdoc/>
    public static StatementState From(string value) => new(value);

    /// <inheritdoc/>
    public override string ToString() => Value ?? string.Empty;
}
