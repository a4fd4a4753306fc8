using System.Text.Json;
using DeltaFunctions.Pipelines.Handlers;

namespace DeltaFunctions.Pipelines.Tests.Handlers;

/// <summary>The reply the Service Bus trigger sends to the reply-to queue survives the source-generated JSON round trip.</summary>
public sealed class SqlRequestResultTests
{
    [Fact]
    public void Serialize_ReferencedResult_RoundTripsWithCamelCaseNames()
    {
        var result = new SqlRequestResult
        {
            StatementId = "st-1",
            CorrelationId = "msg-1",
            ReplyTo = "sql-replies",
            Columns = [new SqlResultColumn("id", "BIGINT")],
            TotalRowCount = 5000,
            Reference = new SqlResultReference { StatementId = "st-1", TotalRowCount = 5000, TotalChunkCount = 3 },
        };

        var json = JsonSerializer.Serialize(result, PipelinesJsonContext.Default.SqlRequestResult);
        var back = JsonSerializer.Deserialize(json, PipelinesJsonContext.Default.SqlRequestResult)!;

        Assert.Contains("\"correlationId\":\"msg-1\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"rows\"", json, StringComparison.Ordinal);
        Assert.Equal(result.Reference, back.Reference);
        Assert.Equal(result.Columns, back.Columns);
        Assert.False(back.IsInline);
    }
}
