namespace DeltaFunctions.Pipelines.Validation;

/// <summary>One thing wrong with a request, located by the path of the offending field.</summary>
/// <param name="Path">
/// Where the problem is, in the request's JSON names: <c>rows[3].id</c>, <c>keys[0]</c>,
/// <c>tables[2].vacuumRetentionHours</c>. <c>$</c> is the request as a whole (for example JSON that does not parse).
/// </param>
/// <param name="Code">A stable machine-readable code from <see cref="ValidationCodes"/>.</param>
/// <param name="Message">What is wrong, in words a caller can act on. Never echoes secret values.</param>
public sealed record ValidationProblem(string Path, string Code, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Message} ({Code})";
}
