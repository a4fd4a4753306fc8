using System.Diagnostics.CodeAnalysis;

namespace DeltaFunctions.Pipelines.Validation;

/// <summary>
/// A request parsed from JSON text and validated: either a value that is safe to act on, or every problem found.
/// </summary>
/// <typeparam name="T">The request contract.</typeparam>
public sealed class ParsedRequest<T>
    where T : class
{
    internal ParsedRequest(T? value, ValidationResult validation)
    {
        Validation = validation;
        Value = validation.IsValid ? value : null;
    }

    /// <summary>The request, set only when it is valid.</summary>
    public T? Value { get; }

    /// <summary>The validation outcome with every problem found.</summary>
    public ValidationResult Validation { get; }

    /// <summary>Whether the request parsed and passed validation; <see cref="Value"/> is then set.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    public bool IsValid => Validation.IsValid && Value is not null;
}
