namespace DeltaFunctions.Emulator.Sql;

/// <summary>
/// The encoded chunks of one statement's result, one file each in a folder of the emulator's own data (outside the
/// catalogs user SQL can reach), so a result costs disk rather than memory however many rows it has. The folder is
/// deleted when the result is closed, expires or the emulator stops.
/// </summary>
internal sealed class ResultChunkFiles : IDisposable
{
    private readonly List<long> _lengths = [];
    private readonly Lock _gate = new();
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="ResultChunkFiles"/> class; the folder is created.</summary>
    /// <param name="directory">The statement's own folder.</param>
    public ResultChunkFiles(string directory)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
    }

    /// <summary>Gets an empty store that holds no files (results without chunks).</summary>
    public static ResultChunkFiles None { get; } = new();

    private ResultChunkFiles()
    {
        Directory = string.Empty;
        _disposed = true;
    }

    /// <summary>Gets the statement's folder.</summary>
    public string Directory { get; }

    /// <summary>Gets the number of chunks written.</summary>
    public int Count => _lengths.Count;

    /// <summary>Gets the total stored size (after compression) of every chunk.</summary>
    public long TotalLength => _lengths.Sum();

    /// <summary>Writes the next chunk.</summary>
    /// <param name="bytes">The encoded (and possibly compressed) chunk.</param>
    public void Add(byte[] bytes)
    {
        File.WriteAllBytes(PathOf(_lengths.Count), bytes);
        _lengths.Add(bytes.Length);
    }

    /// <summary>Opens one chunk for reading, or returns null when the result was dropped meanwhile.</summary>
    /// <param name="index">The chunk index.</param>
    /// <returns>The open file, or null.</returns>
    public FileStream? Open(int index)
    {
        lock (_gate)
        {
            if (_disposed || index < 0 || index >= _lengths.Count)
            {
                return null;
            }

            try
            {
                return new FileStream(PathOf(index), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                return null;
            }
        }
    }

    /// <summary>Reads one chunk into memory (INLINE attachments, which the inline limit keeps small).</summary>
    /// <param name="index">The chunk index.</param>
    /// <returns>The bytes.</returns>
    /// <exception cref="ApiException">The result was dropped meanwhile.</exception>
    public byte[] Read(int index)
    {
        using var file = Open(index) ?? throw new ApiException(400, "INVALID_STATE", "The result is no longer available.");
        var bytes = new byte[file.Length];
        file.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>Deletes the folder and every chunk in it; files already open for download stay readable until closed.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the sweep at the next start (StatementManager deletes the whole results folder then).
        }
    }

    private string PathOf(int index) => Path.Combine(Directory, "chunk-" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".bin");
}
