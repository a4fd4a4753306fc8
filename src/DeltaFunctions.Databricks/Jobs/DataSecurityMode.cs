using System.Text.Json.Serialization;

namespace DeltaFunctions.Databricks.Jobs;

/// <summary>
/// The access mode of a cluster (<c>data_security_mode</c>). An open, string-backed value: values Databricks adds later
/// deserialize and serialize back unchanged instead of failing.
/// </summary>
[JsonConverter(typeof(ExtensibleEnumJsonConverter<DataSecurityMode>))]
public readonly record struct DataSecurityMode : IExtensibleEnum<DataSecurityMode>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire string.</summary>
    /// <param name="value">The wire value, for example <c>NONE</c>.</param>
    /// <exception cref="ArgumentException">The value is null or empty.</exception>
    public DataSecurityMode(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _value = value;
    }

    /// <summary>Gets <c>NONE</c>.</summary>
    public static DataSecurityMode None { get; } = new("NONE");

    /// <summary>Gets <c>SINGLE_USER</c>.</summary>
    public static DataSecurityMode SingleUser { get; } = new("SINGLE_USER");

    /// <summary>Gets <c>USER_ISOLATION</c>.</summary>
    public static DataSecurityMode UserIsolation { get; } = new("USER_ISOLATION");

    /// <summary>Gets <c>LEGACY_TABLE_ACL</c>.</summary>
    public static DataSecurityMode LegacyTableAcl { get; } = new("LEGACY_TABLE_ACL");

    /// <summary>Gets <c>LEGACY_PASSTHROUGH</c>.</summary>
    public static DataSecurityMode LegacyPassthrough { get; } = new("LEGACY_PASSTHROUGH");

    /// <summary>Gets <c>LEGACY_SINGLE_USER</c>.</summary>
    public static DataSecurityMode LegacySingleUser { get; } = new("LEGACY_SINGLE_USER");

    /// <summary>Gets <c>LEGACY_SINGLE_USER_STANDARD</c>.</summary>
    public static DataSecurityMode LegacySingleUserStandard { get; } = new("LEGACY_SINGLE_USER_STANDARD");

    /// <summary>Gets <c>DATA_SECURITY_MODE_AUTO</c>.</summary>
    public static DataSecurityMode DataSecurityModeAuto { get; } = new("DATA_SECURITY_MODE_AUTO");

    /// <summary>Gets <c>DATA_SECURITY_MODE_STANDARD</c>.</summary>
    public static DataSecurityMode DataSecurityModeStandard { get; } = new("DATA_SECURITY_MODE_STANDARD");

    /// <summary>Gets <c>DATA_SECURITY_MODE_DEDICATED</c>.</summary>
    public static DataSecurityMode DataSecurityModeDedicated { get; } = new("DATA_SECURITY_MODE_DEDICATED");

    /// <summary>Gets the wire value (empty for the default instance).</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Returns the wire value.</summary>
    /// <returns>The wire value.</returns>
    public override string ToString() => Value;

    static DataSecurityMode IExtensibleEnum<DataSecurityMode>.Create(string value) => new(value);
}
