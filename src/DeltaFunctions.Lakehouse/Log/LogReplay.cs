namespace DeltaFunctions.Lakehouse.Log;

/// <summary>
/// Applies actions in log order to build table state (PROTOCOL.md, "Action Reconciliation"): the latest protocol
/// and metadata win, files are keyed by path plus deletion-vector id, a remove cancels the matching add, and
/// the latest <c>txn</c> per application wins.
/// </summary>
internal sealed class LogReplay
{
    private readonly Dictionary<(string Path, string? DvId), AddFile> _files = [];
    private readonly Dictionary<(string Path, string? DvId), RemoveFile> _tombstones = [];
    private readonly Dictionary<string, SetTransaction> _transactions = new(StringComparer.Ordinal);

    /// <summary>Gets the latest protocol seen.</summary>
    public ProtocolAction? Protocol { get; private set; }

    /// <summary>Gets the latest metadata seen.</summary>
    public MetadataAction? Metadata { get; private set; }

    /// <summary>Gets the latest application transaction per app id.</summary>
    public IReadOnlyDictionary<string, SetTransaction> Transactions => _transactions;

    /// <summary>Applies one action.</summary>
    /// <param name="action">The action.</param>
    /// <param name="version">The version it belongs to.</param>
    public void Apply(object action, long version)
    {
        switch (action)
        {
            case ProtocolAction p:
                Protocol = p;
                break;
            case MetadataAction m:
                Metadata = m;
                break;
            case AddFile a:
                _tombstones.Remove(a.Key);
                _files[a.Key] = a;
                break;
            case RemoveFile r:
                _files.Remove(r.Key);
                _tombstones[r.Key] = r;
                break;
            case SetTransaction t:
                _transactions[t.AppId] = t;
                break;
            default:
                _ = version;
                break;
        }
    }

    /// <summary>Gets the live files.</summary>
    public IReadOnlyList<AddFile> ActiveFiles() => [.. _files.Values];

    /// <summary>Gets the tombstones (kept for checkpoints and VACUUM).</summary>
    public IReadOnlyList<RemoveFile> ActiveTombstones() => [.. _tombstones.Values];
}
