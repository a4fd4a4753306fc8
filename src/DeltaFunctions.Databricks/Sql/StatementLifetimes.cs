namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// The lifetimes the Statement Execution API documents (docs/databricks-notes.md, "Statement lifetimes"). Long waits
/// in the client and the orchestrations stay within them.
/// </summary>
public static class StatementLifetimes
{
    /// <summary>A statement must be polled at least this often or it may be cancelled: 15 minutes.</summary>
    public static TimeSpan KeepAlivePollInterval { get; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a result stays available after the statement succeeded; polling does not extend it: 1 hour.</summary>
    public static TimeSpan ResultRetention { get; } = TimeSpan.FromHours(1);

    /// <summary>How long a finished statement can still be read; after that it answers 404: 12 hours.</summary>
    public static TimeSpan StatementRetention { get; } = TimeSpan.FromHours(12);

    /// <summary>The longest an external result link stays valid: 15 minutes.</summary>
    public static TimeSpan ExternalLinkLifetime { get; } = TimeSpan.FromMinutes(15);

    /// <summary>How far a statement's reported status may lag behind its real one: 5 seconds.</summary>
    public static TimeSpan StatusLag { get; } = TimeSpan.FromSeconds(5);

    /// <summary>The largest INLINE result: 25 MiB.</summary>
    public const long InlineResultByteLimit = 25L * 1024 * 1024;
}
