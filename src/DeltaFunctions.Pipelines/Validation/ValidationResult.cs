namespace DeltaFunctions.Pipelines.Validation;

/// <summary>
/// The outcome of validating a request: every problem found, all at once, each with the path of its field.
/// </summary>
public sealed class ValidationResult
{
    internal ValidationResult(IReadOnlyList<ValidationProblem> problems) => Problems = problems;

    /// <summary>A result with no problems.</summary>
    public static ValidationResult Valid { get; } = new([]);

    /// <summary>Every problem found, in the order the fields were visited. Empty when the request is valid.</summary>
    public IReadOnlyList<ValidationProblem> Problems { get; }

    /// <summary>Whether the request has no problems.</summary>
    public bool IsValid => Problems.Count == 0;

    /// <summary>
    /// The problems grouped by path, the shape of the <c>errors</c> member of an RFC 9457 validation problem
    /// details body (HTTP 400).
    /// </summary>
    /// <returns>Path → the messages for that path.</returns>
    public IReadOnlyDictionary<string, string[]> ToErrorDictionary() =>
        Problems.GroupBy(p => p.Path, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray(), StringComparer.Ordinal);

    /// <inheritdoc />
    public override string ToString() =>
        IsValid ? "valid" : string.Join(Environment.NewLine, Problems.Select(p => p.ToString()));
}
