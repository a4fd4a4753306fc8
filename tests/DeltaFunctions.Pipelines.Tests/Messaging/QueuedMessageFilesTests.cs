using System.Text;
using DeltaFunctions.Pipelines.Messaging;

namespace DeltaFunctions.Pipelines.Tests.Messaging;

public sealed class QueuedMessageFilesTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "queued-messages-" + Guid.NewGuid().ToString("N")[..8]);

    public QueuedMessageFilesTests() => Directory.CreateDirectory(_directory);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task ReadAsync_NumberedFiles_DeliveredInNameOrderWithBodiesUnchanged()
    {
        Write("02-orders-7.json", """{"targetTable":"main.s.orders"}""");
        Write("01-trips-1.json", "{ \"targetTable\" : \"main.s.trips\" }\n");
        Write("10-trips-2.json", "not even json");
        Write("notes.txt", "not a message");

        var messages = await QueuedMessageFiles.ReadAsync(_directory, Ct);

        Assert.Equal(["01-trips-1.json", "02-orders-7.json", "10-trips-2.json"], messages.Select(m => m.Source));
        Assert.Equal(["trips-1", "orders-7", "trips-2"], messages.Select(m => m.MessageId));
        Assert.Equal("{ \"targetTable\" : \"main.s.trips\" }\n", Encoding.UTF8.GetString(messages[0].Body.Span));
        Assert.Equal("not even json", Encoding.UTF8.GetString(messages[2].Body.Span));
        Assert.All(messages, m => Assert.Equal(1, m.DeliveryCount));
        Assert.All(messages, m => Assert.False(m.IsRedelivery));
    }

    [Fact]
    public async Task ReadAsync_SameMessageIdAgain_IsRedeliveryWithCountingDeliveries()
    {
        const string body = """{"targetTable":"main.s.events","mode":"Append","batchId":"b-1","rows":[{"id":1}]}""";
        Write("01-events-b1.json", body);
        Write("02-other.json", "{}");
        Write("03-events-b1.json", body);
        Write("04-events-b1.json", body);

        var messages = await QueuedMessageFiles.ReadAsync(_directory, Ct);

        Assert.Equal([1, 1, 2, 3], messages.Select(m => m.DeliveryCount));
        Assert.Equal([false, false, true, true], messages.Select(m => m.IsRedelivery));
        Assert.Equal(["events-b1", "other", "events-b1", "events-b1"], messages.Select(m => m.MessageId));
    }

    [Fact]
    public async Task ReadAsync_RedeliveryWithDifferentBody_ThrowsNamingBothFiles()
    {
        Write("01-events-b1.json", """{"rows":[{"id":1}]}""");
        Write("02-events-b1.json", """{"rows":[{"id":2}]}""");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => QueuedMessageFiles.ReadAsync(_directory, Ct));

        Assert.Contains("'02-events-b1.json'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'01-events-b1.json'", error.Message, StringComparison.Ordinal);
        Assert.Contains("events-b1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_MissingFolder_ThrowsDirectoryNotFound()
    {
        var missing = Path.Combine(_directory, "missing");

        var error = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => QueuedMessageFiles.ReadAsync(missing, Ct));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_EmptyFolder_NoMessages()
    {
        var messages = await QueuedMessageFiles.ReadAsync(_directory, Ct);

        Assert.Empty(messages);
    }

    [Theory]
    [InlineData("03-ratings-batch-0612.json", "ratings-batch-0612")]
    [InlineData("ratings.json", "ratings")]
    [InlineData("2024-06-12.json", "06-12")]
    [InlineData("42.json", "42")]
    [InlineData("7-a:b_c.d.json", "a:b_c.d")]
    public void MessageId_FileName_StripsOrderPrefixAndExtension(string fileName, string expected)
    {
        var id = QueuedMessageFiles.MessageId(fileName);

        Assert.Equal(expected, id);
    }

    [Theory]
    [InlineData("01-has space.json")]
    [InlineData("01-slash\u00e9.json")]
    [InlineData(".json")]
    public void MessageId_NameWithoutValidId_ThrowsInvalidData(string fileName)
    {
        var error = Assert.Throws<InvalidDataException>(() => QueuedMessageFiles.MessageId(fileName));

        Assert.Contains(fileName, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MessageId_LongerThanServiceBusAllows_ThrowsInvalidData()
    {
        var fileName = "01-" + new string('a', QueuedMessageFiles.MaxMessageIdLength + 1) + ".json";

        Assert.Throws<InvalidDataException>(() => QueuedMessageFiles.MessageId(fileName));
    }

    private void Write(string name, string content) => File.WriteAllText(Path.Combine(_directory, name), content);
}
