using System.Globalization;
using DeltaFunctions.Pipelines.Validation;

namespace DeltaFunctions.App.Hosting;

/// <summary>The route value and query string of <c>GET /api/sql/{statementId}?chunk=N</c>, checked before Databricks is called.</summary>
internal static class SqlPageQuery
{
    /// <summary>The query parameter naming the page.</summary>
    public const string ChunkParameter = "chunk";

    /// <summary>Checks the statement id and parses the page index (absent: 0).</summary>
    /// <param name="statementId">The route's statement id.</param>
    /// <param name="chunk">The <c>chunk</c> query value, or null.</param>
    /// <param name="chunkIndex">The page index when valid.</param>
    /// <returns>Every problem found; empty when both are usable.</returns>
    public static IReadOnlyList<ValidationProblem> Parse(string? statementId, string? chunk, out int chunkIndex)
    {
        var problems = new ProblemCollector();
        ValidationRules.Token(problems, "statementId", statementId, 128, "-_");
        chunkIndex = 0;
        if (chunk is not null
            && !(int.TryParse(chunk, NumberStyles.None, CultureInfo.InvariantCulture, out chunkIndex) && chunkIndex >= 0))
        {
            chunkIndex = 0;
            problems.Add(ChunkParameter, ValidationCodes.InvalidValue, "must be a whole number from 0");
        }

        return problems.ToResult().Problems;
    }
}
