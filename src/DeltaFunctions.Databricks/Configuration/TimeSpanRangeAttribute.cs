using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace DeltaFunctions.Databricks.Configuration;

/// <summary>
/// <c>[Range(typeof(TimeSpan), min, max)]</c> without its trimming hazard: <see cref="RangeAttribute"/>'s type-based
/// constructor finds a <c>TypeConverter</c> by reflection, so a trimmed or native AOT app warns (IL2026) wherever it
/// is applied. This one knows its type. The error message is formatted as <see cref="RangeAttribute"/> formats it
/// (<c>{0}</c> the member, <c>{1}</c> and <c>{2}</c> the limits as <see cref="TimeSpan"/>s), so the messages are unchanged.
/// The source-generated <see cref="DatabricksClientOptionsValidator"/> instantiates it like any validation attribute.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter, AllowMultiple = false)]
internal sealed class TimeSpanRangeAttribute : ValidationAttribute
{
    /// <summary>Creates the rule.</summary>
    /// <param name="minimum">The least value allowed, in the invariant <see cref="TimeSpan"/> format (<c>00:00:00.500</c>).</param>
    /// <param name="maximum">The greatest value allowed, in the same format.</param>
    public TimeSpanRangeAttribute(string minimum, string maximum)
    {
        Minimum = TimeSpan.Parse(minimum, CultureInfo.InvariantCulture);
        Maximum = TimeSpan.Parse(maximum, CultureInfo.InvariantCulture);
    }

    /// <summary>The least value allowed.</summary>
    public TimeSpan Minimum { get; }

    /// <summary>The greatest value allowed.</summary>
    public TimeSpan Maximum { get; }

    /// <inheritdoc />
    public override bool IsValid(object? value) => value is not TimeSpan time || (time >= Minimum && time <= Maximum);

    /// <inheritdoc />
    public override string FormatErrorMessage(string name) =>
        string.Format(CultureInfo.CurrentCulture, ErrorMessageString, name, Minimum, Maximum);
}
