using DeltaFunctions.Pipelines.Validation;
using FsCheck;
using FsCheck.Fluent;

namespace DeltaFunctions.Pipelines.Tests.Validation;

/// <summary>Property test: generated malformed requests are all rejected with field-level problems, never an exception.</summary>
public sealed class MalformedRequestTests
{
    private const int Cases = 1000;

    [Fact]
    public void Parse_1000GeneratedMalformedRequests_AllRejectedWithFieldLevelProblems()
    {
        var checkedCases = 0;
        var seeds = Gen.Choose(0, int.MaxValue).ToArbitrary();
        var property = Prop.ForAll(seeds, seed =>
        {
            var malformed = MalformedRequestGenerator.Create(seed);

            var outcome = Parse(malformed);

            Interlocked.Increment(ref checkedCases);
            AssertRejected(malformed, outcome);
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Cases).WithQuietOnSuccess(true), property);

        Assert.Equal(Cases, checkedCases);
    }

    [Fact]
    public void Generator_SameSeed_SameCase()
    {
        var first = MalformedRequestGenerator.Create(12345);

        var second = MalformedRequestGenerator.Create(12345);

        Assert.Equal(first, second with { ExpectedPaths = first.ExpectedPaths });
        Assert.Equal(first.ExpectedPaths, second.ExpectedPaths);
    }

    private static (bool HasValue, ValidationResult Result) Parse(MalformedCase malformed) => malformed.Kind switch
    {
        RequestKind.JobRun => Outcome(PipelineRequestParser.ParseJobRunRequest(malformed.Json)),
        RequestKind.Merge => Outcome(PipelineRequestParser.ParseMergeRequest(malformed.Json)),
        RequestKind.Sql => Outcome(PipelineRequestParser.ParseSqlRequest(malformed.Json)),
        _ => Outcome(PipelineRequestParser.ParseMaintenancePlan(malformed.Json)),
    };

    private static (bool HasValue, ValidationResult Result) Outcome<T>(ParsedRequest<T> parsed)
        where T : class => (parsed.Value is not null || parsed.IsValid, parsed.Validation);

    private static void AssertRejected(MalformedCase malformed, (bool HasValue, ValidationResult Result) outcome)
    {
        var result = outcome.Result;
        var context = $"{malformed.Kind}: {malformed.Mutation}{Environment.NewLine}{malformed.Json}{Environment.NewLine}{result}";
        Assert.False(result.IsValid, "accepted: " + context);
        Assert.False(outcome.HasValue, "a value was handed out: " + context);
        Assert.All(result.Problems, p =>
        {
            Assert.False(string.IsNullOrEmpty(p.Path), context);
            Assert.False(string.IsNullOrEmpty(p.Code), context);
            Assert.False(string.IsNullOrEmpty(p.Message), context);
        });
        foreach (var expected in malformed.ExpectedPaths)
        {
            Assert.True(
                result.Problems.Any(p => MalformedRequestGenerator.IsAtOrBelow(p.Path, expected) && (expected != "$" || p.Path == "$")),
                $"no problem reported at or below '{expected}'.{Environment.NewLine}{context}");
        }
    }
}
