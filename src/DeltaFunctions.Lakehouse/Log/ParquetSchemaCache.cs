using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DeltaFunctions.Lakehouse.Log;

/// <summary>
/// The column names and DuckDB types a <c>read_parquet(…)</c> over a set of data files yields, remembered per engine so
/// that reading the same table version again does not bind the files a second time (a <c>DESCRIBE</c>, which opens
/// and decodes every file's footer) before the query binds them anyway.
/// </summary>
/// <remarks>
/// An entry is keyed by the exact <c>read_parquet</c> text (the files and every option) together with each file's
/// length and last write time, so a file changed in place (which a Delta writer never does) misses the cache instead
/// of answering with the schema it had. Delta data files are immutable, so entries never go stale otherwise. The cache
/// holds at most <see cref="Capacity"/> entries; when a new one would exceed that it is emptied, so memory stays bounded
/// however many tables and versions an engine reads. Thread-safe: statements run concurrently.
/// </remarks>
internal sealed class ParquetSchemaCache
{
    private readonly BoundedCache<IReadOnlyDictionary<string, string>> _entries;

    /// <summary>Initializes a new instance of the <see cref="ParquetSchemaCache"/> class.</summary>
    /// <param name="capacity">The most entries held at once.</param>
    public ParquetSchemaCache(int capacity = 1024) => _entries = new(capacity);

    /// <summary>Gets the most entries held at once.</summary>
    public int Capacity => _entries.Capacity;

    /// <summary>Gets the number of entries held now.</summary>
    public int Count => _entries.Count;

    /// <summary>
    /// Returns the schema of <paramref name="read"/>, from the cache when the same files (same lengths and write
    /// times) were described before, otherwise from <paramref name="describe"/>, which is then remembered.
    /// </summary>
    /// <param name="read">The <c>read_parquet(…)</c> expression.</param>
    /// <param name="files">The local data files it reads (their lengths and write times join the key).</param>
    /// <param name="describe">Describes the expression: column name to DuckDB type, case-insensitive.</param>
    /// <returns>The column names and DuckDB types.</returns>
    public IReadOnlyDictionary<string, string> GetOrDescribe(string read, IEnumerable<FileInfo> files, Func<IReadOnlyDictionary<string, string>> describe)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(files);
        return GetOrDescribe(Key(read, files), describe);
    }

    /// <summary>
    /// Returns the schema remembered under <paramref name="key"/> (<see cref="Key"/> of the expression and its files),
    /// otherwise from <paramref name="describe"/>, which is then remembered: for a caller that needs the key itself too.
    /// </summary>
    /// <param name="key">The key, from <see cref="Key"/>.</param>
    /// <param name="describe">Describes the expression: column name to DuckDB type, case-insensitive.</param>
    /// <returns>The column names and DuckDB types.</returns>
    public IReadOnlyDictionary<string, string> GetOrDescribe(string key, Func<IReadOnlyDictionary<string, string>> describe)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(describe);
        return _entries.GetOrAdd(key, describe);
    }

    /// <summary>
    /// Gets the key of <paramref name="read"/> over <paramref name="files"/>: a hash of the expression and each file's
    /// length and last write time, so the same text over a file changed in place gets another key.
    /// </summary>
    /// <param name="read">The <c>read_parquet(…)</c> expression.</param>
    /// <param name="files">The local data files it reads.</param>
    /// <returns>The key (hexadecimal SHA-256).</returns>
    public static string Key(string read, IEnumerable<FileInfo> files)
    {
        var text = new StringBuilder(read);
        foreach (var file in files)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{file.Length}|{file.LastWriteTimeUtc.Ticks}");
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
