namespace DeltaFunctions.Pipelines.Messaging;

/// <summary>
/// Reads a folder of queue message files as a sequence of deliveries, for local runs of the queue-triggered flows
/// (the emulator demo) and for tests. Each <c>*.json</c> file holds one message body exactly as it would arrive on the
/// queue; nothing is added around it.
/// </summary>
/// <remarks>
/// <para>
/// The files are delivered in ordinal order of their names. A file is named <c>&lt;order&gt;-&lt;message id&gt;.json</c>:
/// an optional ordering prefix of digits and a dash (e.g. <c>03-</c>), then the message id (1–128 letters, digits and
/// <c>-_.:</c>), e.g. <c>03-ratings-batch-0612.json</c> is message <c>ratings-batch-0612</c>.
/// </para>
/// <para>
/// A later file with a message id seen before is a redelivery of that message (Service Bus delivers a message again
/// after its lock expires or it is abandoned): its <see cref="QueuedMessage.DeliveryCount"/> counts up, and its body
/// must be identical to the first delivery's, because a redelivered message is never changed.
/// </para>
/// </remarks>
public static class QueuedMessageFiles
{
    /// <summary>The file pattern of message files.</summary>
    public const string SearchPattern = "*.json";

    /// <summary>The longest message id Service Bus accepts.</summary>
    public const int MaxMessageIdLength = 128;

    /// <summary>Reads every message file of a folder, in delivery order.</summary>
    /// <param name="directory">The folder.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    /// <returns>The deliveries, in ordinal order of the file names.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">
    /// A file name holds no valid message id, or a redelivery's body differs from the first delivery's.
    /// </exception>
    public static async Task<IReadOnlyList<QueuedMessage>> ReadAsync(string directory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The message folder '{directory}' does not exist.");
        }

        var files = Directory.GetFiles(directory, SearchPattern, SearchOption.TopDirectoryOnly)
            .Order(StringComparer.Ordinal)
            .ToList();
        var seen = new Dictionary<string, (QueuedMessage First, int Deliveries)>(StringComparer.Ordinal);
        var deliveries = new List<QueuedMessage>(files.Count);
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            var messageId = MessageId(name);
            var body = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
            var message = new QueuedMessage { MessageId = messageId, Body = body, DeliveryCount = 1, Source = name };
            if (seen.TryGetValue(messageId, out var earlier))
            {
                if (!earlier.First.Body.Span.SequenceEqual(body))
                {
                    throw new InvalidDataException(
                        $"'{name}' redelivers message '{messageId}' of '{earlier.First.Source}' with a different body; a redelivered message is delivered unchanged.");
                }

                message = message with { DeliveryCount = earlier.Deliveries + 1 };
                seen[messageId] = (earlier.First, earlier.Deliveries + 1);
            }
            else
            {
                seen[messageId] = (message, 1);
            }

            deliveries.Add(message);
        }

        return deliveries;
    }

    /// <summary>The message id a file name stands for: the name without <c>.json</c> and without a leading <c>&lt;digits&gt;-</c>.</summary>
    /// <param name="fileName">The file name, e.g. <c>03-ratings-batch-0612.json</c>.</param>
    /// <returns>The message id, e.g. <c>ratings-batch-0612</c>.</returns>
    /// <exception cref="InvalidDataException">The name holds no valid message id.</exception>
    public static string MessageId(string fileName)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        var stem = Path.GetFileNameWithoutExtension(fileName);
        var digits = 0;
        while (digits < stem.Length && char.IsAsciiDigit(stem[digits]))
        {
            digits++;
        }

        var id = digits > 0 && digits < stem.Length - 1 && stem[digits] == '-' ? stem[(digits + 1)..] : stem;
        if (id.Length is 0 or > MaxMessageIdLength || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
        {
            throw new InvalidDataException(
                $"'{fileName}' is not named <order>-<message id>.json with a message id of 1 to {MaxMessageIdLength} letters, digits and -_.:");
        }

        return id;
    }
}
