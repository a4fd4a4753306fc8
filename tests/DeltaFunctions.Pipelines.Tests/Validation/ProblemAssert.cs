using DeltaFunctions.Pipelines.Validation;

namespace DeltaFunctions.Pipelines.Tests.Validation;

/// <summary>Assertions over validation outcomes that print every problem when they fail.</summary>
internal static class ProblemAssert
{
    public static void HasProblem(ValidationResult result, string path, string code)
    {
        Assert.False(result.IsValid, "expected the request to be rejected");
        Assert.True(
            result.Problems.Any(p => p.Path == path && p.Code == code),
            $"expected a '{code}' problem at '{path}' but found:{Environment.NewLine}{result}");
    }

    public static void Valid(ValidationResult result) =>
        Assert.True(result.IsValid, "expected the request to be valid but found:" + Environment.NewLine + result);
}
