namespace DeltaFunctions.Databricks.Files;

/// <summary>What a HEAD of a file tells.</summary>
/// <param name="ContentLength">The size in bytes.</param>
/// <param name="ContentType">The content type.</param>
/// <param name="LastModified">When the file last changed.</param>
public sealed record FileMetadata(long? ContentLength, string? ContentType, DateTimeOffset? LastModified);
