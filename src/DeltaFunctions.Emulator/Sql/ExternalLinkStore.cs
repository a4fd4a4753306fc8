using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace DeltaFunctions.Emulator.Sql;

/// <summary>
/// Issues presigned-style result URLs: a random signature that names one chunk and expires, so the URL alone grants
/// access (the way cloud storage URLs do) and the Databricks token is never needed or accepted.
/// </summary>
internal sealed class ExternalLinkStore(EmulatorOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, LinkTarget> _links = new(StringComparer.Ordinal);

    public (string Url, DateTimeOffset ExpiresAt) Issue(string statementId, int chunkIndex, string origin)
    {
        var signature = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var expiresAt = time.GetUtcNow() + options.ExternalLinkLifetime;
        _links[signature] = new LinkTarget(statementId, chunkIndex, expiresAt);
        return ($"{origin}/emulator/results/{signature}", expiresAt);
    }

    public LinkTarget? Find(string signature) => _links.TryGetValue(signature, out var target) ? target : null;

    public bool IsExpired(LinkTarget target) => time.GetUtcNow() >= target.ExpiresAt;

    /// <summary>What a link points at and until when.</summary>
    internal sealed record LinkTarget(string StatementId, int ChunkIndex, DateTimeOffset ExpiresAt);
}
