using System.ComponentModel.DataAnnotations;

namespace DeltaFunctions.Databricks.Configuration;

/// <summary>
/// A string that, when set, must hold a character other than white space (the same set <c>\s</c> and
/// <see cref="char.IsWhiteSpace(char)"/> cover); null passes, as for every data annotation. It replaces
/// <c>[StringLength(MinimumLength = 1)]</c> with <c>[RegularExpression(@"[\s\S]*\S[\s\S]*")]</c>, which gave the same one
/// message but built an interpreted <c>Regex</c> (loading System.Text.RegularExpressions) on every validation, so each
/// client paid for it on construction even with the value unset.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter, AllowMultiple = false)]
internal sealed class NotBlankAttribute : ValidationAttribute
{
    /// <inheritdoc />
    public override bool IsValid(object? value) => value is not string text || !string.IsNullOrWhiteSpace(text);
}
