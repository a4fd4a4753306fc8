using DeltaFunctions.App.Hosting;
using DeltaFunctions.Pipelines.Handlers;
using DeltaFunctions.Pipelines.Validation;

namespace DeltaFunctions.App.Tests.Hosting;

public sealed class MessageSettlementsTests
{
    [Fact]
    public void For_Done_Complete()
    {
        var outcome = new HandlerOutcome<SqlResultPage>.Done("m-1", new SqlResultPage { StatementId = "s", Rows = [] });

        var settlement = MessageSettlements.For(outcome);

        Assert.Equal(MessageSettlementAction.Complete, settlement.Action);
        Assert.Null(settlement.DeadLetterReason);
        Assert.Null(settlement.DeadLetterDescription);
    }

    [Fact]
    public void For_Invalid_DeadLetterWithReasonAndDescription()
    {
        var outcome = new HandlerOutcome<MergeRequestResult>.Invalid(
            "m-2", HandlerReasons.IncompatibleRows, "rows[0].amount: not a DECIMAL(10,2)", [new ValidationProblem("rows[0].amount", ValidationCodes.WrongType, "x")]);

        var settlement = MessageSettlements.For(outcome);

        Assert.Equal(MessageSettlementAction.DeadLetter, settlement.Action);
        Assert.Equal(HandlerReasons.IncompatibleRows, settlement.DeadLetterReason);
        Assert.Equal("rows[0].amount: not a DECIMAL(10,2)", settlement.DeadLetterDescription);
    }

    [Fact]
    public void For_Transient_Abandon()
    {
        var outcome = new HandlerOutcome<MergeRequestResult>.Transient("m-3", HandlerReasons.ConcurrencyConflict, "conflict", TimeSpan.FromSeconds(5));

        var settlement = MessageSettlements.For(outcome);

        Assert.Equal(MessageSettlementAction.Abandon, settlement.Action);
        Assert.Null(settlement.DeadLetterReason);
    }

    [Fact]
    public void Rejected_JobRequestProblems_DeadLetterInvalidRequestNamingThePaths()
    {
        var parsed = PipelineRequestParser.ParseJobRunRequest("""{"jobs":[{"key":"a"}],"mode":"Sideways"}""");

        var settlement = MessageSettlements.Rejected(parsed.Validation.Problems);

        Assert.False(parsed.IsValid);
        Assert.Equal(MessageSettlementAction.DeadLetter, settlement.Action);
        Assert.Equal(HandlerReasons.InvalidRequest, settlement.DeadLetterReason);
        Assert.Contains(parsed.Validation.Problems[0].Path, settlement.DeadLetterDescription, StringComparison.Ordinal);
    }

    [Fact]
    public void DeadLetter_LongDescription_TruncatedToTheLimit()
    {
        var settlement = MessageSettlement.DeadLetter(HandlerReasons.InvalidRequest, new string('x', 5000));

        Assert.Equal(HandlerReasons.MaxDescriptionLength, settlement.DeadLetterDescription!.Length);
    }
}
