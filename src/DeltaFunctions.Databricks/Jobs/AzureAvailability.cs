using System.Text.Json.Serialization;

namespace DeltaFunctions.Databricks.Jobs;

/// <summary>
/// How Azure nodes are bought (<c>azure_attributes.availability</c>). An open, string-backed value: values Databricks adds later
/// deserialize and serialize back unchanged instead of failing.
/// </summary>
[JsonConverter(typeof(ExtensibleEnumJsonConverter<AzureAvailability>))]
public readonly record struct AzureAvailability : IExtensibleEnum<AzureAvailability>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire string.</summary>
    /// <param name="value">The wire value, for example <c>ON_DEMAND_AZURE</c>.</param>
    /// <exception cref="ArgumentException">The value is null or empty.</exception>
    public AzureAvailability(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _value = value;
    }

    /// <summary>Gets <c>ON_DEMAND_AZURE</c>.</summary>
    public static AzureAvailability OnDemandAzure { get; } = new("ON_DEMAND_AZURE");

    /// <summary>Gets <c>SPOT_AZURE</c>.</summary>
    public static AzureAvailability SpotAzure { get; } = new("SPOT_AZURE");

    /// <summary>Gets <c>SPOT_WITH_FALLBACK_AZURE</c>.</summary>
    public static AzureAvailability SpotWithFallbackAzure { get; } = new("SPOT_WITH_FALLBACK_AZURE");

    /// <summary>Gets the wire value (empty for the default instance).</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Returns the wire value.</summary>
    /// <returns>The wire value.</returns>
    public override string ToString() => Value;

    static AzureAvailability IExtensibleEnum<AzureAvailability>.Create(string value) => new(value);
}
