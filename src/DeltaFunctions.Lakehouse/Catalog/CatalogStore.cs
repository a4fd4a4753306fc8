using System.Globalization;
using System.Text.Json.Nodes;
using DeltaFunctions.Lakehouse.Sql;

namespace DeltaFunctions.Lakehouse.Catalog;

/// <summary>
/// The directory-based Unity Catalog of a data directory. Layout:
/// <c>&lt;data&gt;/&lt;catalog&gt;/.catalog.json</c>, <c>&lt;data&gt;/&lt;catalog&gt;/&lt;schema&gt;/.schema.json</c>,
/// managed tables in <c>&lt;data&gt;/&lt;catalog&gt;/&lt;schema&gt;/&lt;table&gt;/</c> (the folder holds
/// <c>_delta_log</c>), external tables registered in <c>&lt;schema&gt;/.external/&lt;table&gt;.json</c>, volumes
/// described by <c>&lt;schema&gt;/.volumes/&lt;volume&gt;.json</c> with their files in
/// <c>&lt;schema&gt;/.volumes/&lt;volume&gt;/</c>. Names are case-insensitive and stored lower case.
/// </summary>
internal sealed class CatalogStore
{
    private const string CatalogFile = ".catalog.json";
    private const string SchemaFile = ".schema.json";
    private const string SettingsFolder = ".settings";
    private const string ExternalFolder = ".external";
    private const string VolumesFolder = ".volumes";

    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="CatalogStore"/> class and creates <c>main.default</c>.</summary>
    /// <param name="dataDirectory">The data directory.</param>
    /// <param name="timeProvider">The clock for creation times.</param>
    public CatalogStore(string dataDirectory, TimeProvider timeProvider)
    {
        Root = Path.GetFullPath(dataDirectory);
        _timeProvider = timeProvider;
        Directory.CreateDirectory(Root);
        CreateCatalog("main", null, ifNotExists: true);
        CreateSchema("main", "default", "Default schema (auto-created)", ifNotExists: true);
    }

    /// <summary>Gets the data directory.</summary>
    public string Root { get; }

    /// <summary>Lower-cases a name and checks it can name a folder.</summary>
    /// <param name="name">The name as written.</param>
    /// <returns>The stored name.</returns>
    /// <exception cref="LakehouseException">The name is empty or holds path characters.</exception>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var lower = name.ToLowerInvariant();
        if (lower.Length == 0 || lower.Length > 255 || lower.StartsWith('.') || lower.IndexOfAny(['/', '\\', '\0']) >= 0)
        {
            throw new LakehouseException("INVALID_SCHEMA_OR_RELATION_NAME", "42602", $"`{name}` is not a valid name for catalogs, schemas, tables or volumes.");
        }

        return lower;
    }

    /// <summary>Creates a catalog.</summary>
    /// <param name="name">The name.</param>
    /// <param name="comment">The comment.</param>
    /// <param name="ifNotExists">Whether an existing catalog is fine.</param>
    public void CreateCatalog(string name, string? comment, bool ifNotExists)
    {
        var n = Normalize(name);
        lock (_gate)
        {
            var dir = Path.Combine(Root, n);
            if (File.Exists(Path.Combine(dir, CatalogFile)))
            {
                if (ifNotExists)
                {
                    return;
                }

                throw new LakehouseException("CATALOG_ALREADY_EXISTS", "42000", $"Cannot create catalog `{n}` because it already exists.");
            }

            Directory.CreateDirectory(dir);
            WriteMeta(Path.Combine(dir, CatalogFile), comment);

            // Unity Catalog gives every new catalog a default schema.
            var defaultSchema = Path.Combine(dir, "default");
            Directory.CreateDirectory(defaultSchema);
            WriteMeta(Path.Combine(defaultSchema, SchemaFile), "Default schema (auto-created)");
        }
    }

    /// <summary>Lists the catalogs ordered by name.</summary>
    /// <returns>The catalogs.</returns>
    public IReadOnlyList<CatalogEntry> ListCatalogs() =>
        [.. Directory.EnumerateDirectories(Root)
            .Select(d => GetCatalog(Path.GetFileName(d)))
            .OfType<CatalogEntry>()
            .OrderBy(c => c.Name, StringComparer.Ordinal)];

    /// <summary>Gets a catalog.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The catalog or null.</returns>
    public CatalogEntry? GetCatalog(string name)
    {
        var n = name.ToLowerInvariant();
        var dir = Path.Combine(Root, n);
        var meta = ReadMeta(Path.Combine(dir, CatalogFile));
        return meta is null || !IsPlainName(n) ? null : new CatalogEntry(n, meta.Value.Comment, dir, meta.Value.CreatedAt);
    }

    /// <summary>Drops a catalog.</summary>
    /// <param name="name">The name.</param>
    /// <param name="ifExists">Whether a missing catalog is fine.</param>
    /// <param name="cascade">Whether to drop its contents too.</param>
    public void DropCatalog(string name, bool ifExists, bool cascade)
    {
        var catalog = GetCatalog(name);
        if (catalog is null)
        {
            if (ifExists)
            {
                return;
            }

            throw SqlErrors.CatalogNotFound(name);
        }

        lock (_gate)
        {
            if (!cascade && ListSchemas(catalog.Name).Any(s => s.Name != "default" || ListTableNames(catalog.Name, s.Name).Count > 0))
            {
                throw new LakehouseException("SCHEMA_NOT_EMPTY", "2BP01", $"Cannot drop catalog `{catalog.Name}` because it is not empty. Use CASCADE.");
            }

            Directory.Delete(catalog.StorageRoot, recursive: true);
        }
    }

    /// <summary>Creates a schema.</summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="name">The schema name.</param>
    /// <param name="comment">The comment.</param>
    /// <param name="ifNotExists">Whether an existing schema is fine.</param>
    public void CreateSchema(string catalog, string name, string? comment, bool ifNotExists)
    {
        var c = RequireCatalog(catalog);
        var n = Normalize(name);
        lock (_gate)
        {
            var dir = Path.Combine(c.StorageRoot, n);
            if (File.Exists(Path.Combine(dir, SchemaFile)))
            {
                if (ifNotExists)
                {
                    return;
                }

                throw new LakehouseException("SCHEMA_ALREADY_EXISTS", "42P06", $"Cannot create schema `{c.Name}`.`{n}` because it already exists.");
            }

            Directory.CreateDirectory(dir);
            WriteMeta(Path.Combine(dir, SchemaFile), comment);
        }
    }

    /// <summary>Lists the schemas of a catalog.</summary>
    /// <param name="catalog">The catalog.</param>
    /// <returns>The schemas ordered by name.</returns>
    public IReadOnlyList<SchemaEntry> ListSchemas(string catalog)
    {
        var c = RequireCatalog(catalog);
        return [.. Directory.EnumerateDirectories(c.StorageRoot)
            .Select(d => GetSchema(c.Name, Path.GetFileName(d)))
            .OfType<SchemaEntry>()
            .OrderBy(s => s.Name, StringComparer.Ordinal)];
    }

    /// <summary>Gets a schema.</summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="name">The schema.</param>
    /// <returns>The schema or null.</returns>
    public SchemaEntry? GetSchema(string catalog, string name)
    {
        var c = GetCatalog(catalog);
        var n = name.ToLowerInvariant();
        if (c is null || !IsPlainName(n))
        {
            return null;
        }

        var dir = Path.Combine(c.StorageRoot, n);
        var meta = ReadMeta(Path.Combine(dir, SchemaFile));
        return meta is null ? null : new SchemaEntry(c.Name, n, meta.Value.Comment, dir, meta.Value.CreatedAt);
    }

    /// <summary>Gets a schema or fails with SCHEMA_NOT_FOUND.</summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="name">The schema.</param>
    /// <returns>The schema.</returns>
    public SchemaEntry RequireSchema(string catalog, string name)
    {
        RequireCatalog(catalog);
        return GetSchema(catalog, name) ?? throw SqlErrors.SchemaNotFound($"{catalog.ToLowerInvariant()}.{name.ToLowerInvariant()}");
    }

    /// <summary>Gets a catalog or fails with NO_SUCH_CATALOG_EXCEPTION.</summary>
    /// <param name="name">The catalog.</param>
    /// <returns>The catalog.</returns>
    public CatalogEntry RequireCatalog(string name) => GetCatalog(name) ?? throw SqlErrors.CatalogNotFound(name);

    /// <summary>Drops a schema.</summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="name">The schema.</param>
    /// <param name="ifExists">Whether a missing schema is fine.</param>
    /// <param name="cascade">Whether to drop its tables and volumes too.</param>
    public void DropSchema(string catalog, string name, bool ifExists, bool cascade)
    {
        var schema = GetSchema(catalog, name);
        if (schema is null)
        {
            if (ifExists)
            {
                return;
            }

            throw SqlErrors.SchemaNotFound($"{catalog}.{name}");
        }

        lock (_gate)
        {
            if (!cascade && (ListTableNames(schema.Catalog, schema.Name).Count > 0 || ListVolumes(schema.Catalog, schema.Name).Count > 0))
            {
                throw new LakehouseException("SCHEMA_NOT_EMPTY", "2BP01", $"Cannot drop a schema `{schema.Name}` because it contains objects. Use DROP SCHEMA ... CASCADE to drop the schema and all its objects.");
            }

            Directory.Delete(schema.StorageRoot, recursive: true);
        }
    }

    /// <summary>Gets the folder a managed table of that name lives in (whether or not it exists).</summary>
    /// <param name="schema">The schema.</param>
    /// <param name="table">The table name.</param>
    /// <returns>The folder.</returns>
    public static string ManagedTablePath(SchemaEntry schema, string table) => Path.Combine(schema.StorageRoot, Normalize(table));

    /// <summary>Finds where a table lives.</summary>
    /// <param name="schema">The schema.</param>
    /// <param name="table">The table name.</param>
    /// <returns>The location and whether it is external, or null when no such table is registered.</returns>
    public (string Location, bool External)? FindTable(SchemaEntry schema, string table)
    {
        var n = table.ToLowerInvariant();
        if (!IsPlainName(n))
        {
            return null;
        }

        var external = Path.Combine(schema.StorageRoot, ExternalFolder, n + ".json");
        if (File.Exists(external))
        {
            var node = JsonNode.Parse(File.ReadAllText(external));
            var location = node?["location"]?.GetValue<string>();
            return location is null ? null : (location, true);
        }

        var managed = Path.Combine(schema.StorageRoot, n);
        return Directory.Exists(Path.Combine(managed, "_delta_log")) ? (managed, false) : null;
    }

    /// <summary>Lists the table names of a schema (managed and external).</summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="schema">The schema.</param>
    /// <returns>The names ordered.</returns>
    public IReadOnlyList<string> ListTableNames(string catalog, string schema)
    {
        var s = RequireSchema(catalog, schema);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var dir in Directory.EnumerateDirectories(s.StorageRoot))
        {
            var name = Path.GetFileName(dir);
            if (IsPlainName(name) && Directory.Exists(Path.Combine(dir, "_delta_log")))
            {
                names.Add(name);
            }
        }

        var externalDir = Path.Combine(s.StorageRoot, ExternalFolder);
        if (Directory.Exists(externalDir))
        {
            foreach (var file in Directory.EnumerateFiles(externalDir, "*.json"))
            {
                names.Add(Path.GetFileNameWithoutExtension(file));
            }
        }

        return [.. names];
    }

    /// <summary>Registers an external table by location.</summary>
    /// <param name="schema">The schema.</param>
    /// <param name="table">The table name.</param>
    /// <param name="location">The folder holding <c>_delta_log</c>.</param>
    public void RegisterExternal(SchemaEntry schema, string table, string location)
    {
        var n = Normalize(table);
        var dir = Path.Combine(schema.StorageRoot, ExternalFolder);
        Directory.CreateDirectory(dir);
        var node = new JsonObject { ["location"] = Path.GetFullPath(location) };
        File.WriteAllText(Path.Combine(dir, n + ".json"), node.ToJsonString());
    }

    /// <summary>
    /// Sets a table's Unity Catalog predictive optimization setting (<c>ENABLE</c>, <c>DISABLE</c> or <c>INHERIT</c>),
    /// kept beside the table in <c>&lt;schema&gt;/.settings/&lt;table&gt;.json</c>: it is catalog state, not Delta metadata.
    /// </summary>
    /// <param name="schema">The schema.</param>
    /// <param name="table">The table name.</param>
    /// <param name="setting">The setting.</param>
    public void SetPredictiveOptimization(SchemaEntry schema, string table, string setting)
    {
        var dir = Path.Combine(schema.StorageRoot, SettingsFolder);
        lock (_gate)
        {
            Directory.CreateDirectory(dir);
            var path = Path.Combine(dir, Normalize(table) + ".json");
            var temp = path + ".tmp";
            File.WriteAllText(temp, new JsonObject { ["enablePredictiveOptimization"] = setting }.ToJsonString());
            File.Move(temp, path, overwrite: true);
        }
    }

    /// <summary>Gets a table's predictive optimization setting: <c>ENABLE</c>, <c>DISABLE</c> or (never set) <c>INHERIT</c>.</summary>
    /// <param name="schema">The schema.</param>
    /// <param name="table">The table name.</param>
    /// <returns>The setting.</returns>
    public string GetPredictiveOptimization(SchemaEntry schema, string table)
    {
        var path = Path.Combine(schema.StorageRoot, SettingsFolder, table.ToLowerInvariant() + ".json");
        return File.Exists(path) && JsonNode.Parse(File.ReadAllText(path))?["enablePredictiveOptimization"]?.GetValue<string>() is { } setting ? setting : "INHERIT";
    }

    /// <summary>Removes a table: deletes a managed table's folder, or only the registration of an external one.</summary>
    /// <param name="schema">The schema.</param>
    /// <param name="table">The table name.</param>
    public void DropTable(SchemaEntry schema, string table)
    {
        var n = table.ToLowerInvariant();
        lock (_gate)
        {
            // The settings folder exists only once a table of the schema had a setting (File.Delete throws for a missing folder).
            var settings = Path.Combine(schema.StorageRoot, SettingsFolder, n + ".json");
            if (File.Exists(settings))
            {
                File.Delete(settings);
            }

            var external = Path.Combine(schema.StorageRoot, ExternalFolder, n + ".json");
            if (File.Exists(external))
            {
                File.Delete(external);
                return;
            }

            var managed = Path.Combine(schema.StorageRoot, n);
            if (Directory.Exists(managed))
            {
                Directory.Delete(managed, recursive: true);
            }
        }
    }

    /// <summary>Creates a managed volume.</summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="schema">The schema.</param>
    /// <param name="name">The volume name.</param>
    /// <param name="comment">The comment.</param>
    /// <param name="ifNotExists">Whether an existing volume is fine.</param>
    public void CreateVolume(string catalog, string schema, string name, string? comment, bool ifNotExists)
    {
        var s = RequireSchema(catalog, schema);
        var n = Normalize(name);
        lock (_gate)
        {
            var dir = Path.Combine(s.StorageRoot, VolumesFolder);
            var meta = Path.Combine(dir, n + ".json");
            if (File.Exists(meta))
            {
                if (ifNotExists)
                {
                    return;
                }

                throw new LakehouseException("VOLUME_ALREADY_EXISTS", "42000", $"Cannot create volume `{s.Catalog}`.`{s.Name}`.`{n}` because it already exists.");
            }

            Directory.CreateDirectory(Path.Combine(dir, n));
            WriteMeta(meta, comment);
        }
    }

    /// <summary>Lists the volumes of a schema.</summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="schema">The schema.</param>
    /// <returns>The volumes ordered by name.</returns>
    public IReadOnlyList<VolumeEntry> ListVolumes(string catalog, string schema)
    {
        var s = RequireSchema(catalog, schema);
        var dir = Path.Combine(s.StorageRoot, VolumesFolder);
        if (!Directory.Exists(dir))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(dir, "*.json")
            .Select(f => GetVolume(s.Catalog, s.Name, Path.GetFileNameWithoutExtension(f)))
            .OfType<VolumeEntry>()
            .OrderBy(v => v.Name, StringComparer.Ordinal)];
    }

    /// <summary>Gets a volume.</summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="schema">The schema.</param>
    /// <param name="name">The volume.</param>
    /// <returns>The volume or null.</returns>
    public VolumeEntry? GetVolume(string catalog, string schema, string name)
    {
        var s = GetSchema(catalog, schema);
        var n = name.ToLowerInvariant();
        if (s is null || !IsPlainName(n))
        {
            return null;
        }

        var dir = Path.Combine(s.StorageRoot, VolumesFolder);
        var meta = ReadMeta(Path.Combine(dir, n + ".json"));
        return meta is null ? null : new VolumeEntry(s.Catalog, s.Name, n, meta.Value.Comment, Path.Combine(dir, n), meta.Value.CreatedAt);
    }

    /// <summary>Drops a volume and its files.</summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="schema">The schema.</param>
    /// <param name="name">The volume.</param>
    /// <param name="ifExists">Whether a missing volume is fine.</param>
    public void DropVolume(string catalog, string schema, string name, bool ifExists)
    {
        var v = GetVolume(catalog, schema, name);
        if (v is null)
        {
            if (ifExists)
            {
                return;
            }

            throw new LakehouseException("VOLUME_NOT_FOUND", "42704", $"The volume `{catalog}`.`{schema}`.`{name}` cannot be found.");
        }

        lock (_gate)
        {
            File.Delete(v.StorageLocation + ".json");
            if (Directory.Exists(v.StorageLocation))
            {
                Directory.Delete(v.StorageLocation, recursive: true);
            }
        }
    }

    /// <summary>Maps <c>/Volumes/&lt;c&gt;/&lt;s&gt;/&lt;v&gt;/rest</c> to a local path inside the volume.</summary>
    /// <param name="volumePath">The volume path.</param>
    /// <returns>The local path.</returns>
    public string ResolveVolumePath(string volumePath)
    {
        ArgumentNullException.ThrowIfNull(volumePath);
        var parts = volumePath.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 4 || !parts[0].Equals("Volumes", StringComparison.OrdinalIgnoreCase))
        {
            throw new LakehouseException("INVALID_VOLUME_PATH", "22023", $"'{volumePath}' is not a volume path: expected /Volumes/<catalog>/<schema>/<volume>/<path>.");
        }

        if (parts.Skip(4).Any(p => p is ".." or "."))
        {
            throw new LakehouseException("INVALID_VOLUME_PATH", "22023", $"The volume path '{volumePath}' may not contain '.' or '..' segments.");
        }

        var volume = GetVolume(parts[1], parts[2], parts[3])
            ?? throw new LakehouseException("VOLUME_NOT_FOUND", "42704", $"The volume `{parts[1]}`.`{parts[2]}`.`{parts[3]}` cannot be found.");
        var local = Path.GetFullPath(Path.Combine([volume.StorageLocation, .. parts.Skip(4)]));
        var root = Path.GetFullPath(volume.StorageLocation);
        if (!IsInside(root, local, allowRoot: true) || ThroughLink(root, local))
        {
            throw new LakehouseException("INVALID_VOLUME_PATH", "22023", $"The volume path '{volumePath}' escapes its volume.");
        }

        return local;
    }

    /// <summary>
    /// Maps a path user SQL names (<c>LOCATION</c>, <c>read_files</c>, <c>delta.`…`</c>, <c>parquet.`…`</c>) to a
    /// local path inside the workspace's storage: a volume path, or an absolute path (or <c>file:</c> URI) under the
    /// data directory. Relative paths, <c>.</c>/<c>..</c> segments, paths outside the data directory and paths
    /// through a symbolic link are refused, so no statement reads or writes the host beyond the workspace.
    /// </summary>
    /// <param name="path">The path as written.</param>
    /// <returns>The local path (it need not exist yet).</returns>
    /// <exception cref="LakehouseException"><c>INVALID_VOLUME_PATH</c> for a path outside the workspace's storage.</exception>
    public string ResolveStoragePath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.StartsWith("/Volumes/", StringComparison.OrdinalIgnoreCase))
        {
            return ResolveVolumePath(path);
        }

        if (path.StartsWith("dbfs:/Volumes/", StringComparison.OrdinalIgnoreCase))
        {
            return ResolveVolumePath(path[5..]);
        }

        var local = path.StartsWith("file:", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(path, UriKind.Absolute, out var uri) && uri.IsFile
            ? uri.LocalPath
            : path;
        var segments = local.Replace('\\', '/').Split('/');
        if (!Path.IsPathFullyQualified(local) || segments.Any(p => p is ".." or "."))
        {
            throw OutsideStorage(path);
        }

        var full = Path.GetFullPath(local);
        if (!IsInside(Root, full, allowRoot: false) || ThroughLink(Root, full))
        {
            throw OutsideStorage(path);
        }

        return full;
    }

    private static LakehouseException OutsideStorage(string path) => new(
        "INVALID_VOLUME_PATH",
        "22023",
        $"'{path}' is outside the workspace's storage: only files under /Volumes/<catalog>/<schema>/<volume>/ and the workspace's own tables can be used.");

    private static bool IsInside(string root, string path, bool allowRoot) =>
        (allowRoot && path.Equals(root, StringComparison.Ordinal))
        || path.StartsWith(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>Returns whether any existing folder or file below <paramref name="root"/> on the way to <paramref name="path"/> is a link.</summary>
    private static bool ThroughLink(string root, string path)
    {
        var current = Path.TrimEndingDirectorySeparator(root);
        foreach (var segment in Path.GetRelativePath(current, path).Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, segment);
            FileSystemInfo entry = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (!entry.Exists)
            {
                return false;
            }

            if (entry.LinkTarget is not null)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsPlainName(string name) => name.Length > 0 && !name.StartsWith('.') && name.IndexOfAny(['/', '\\']) < 0;

    private void WriteMeta(string path, string? comment)
    {
        var node = new JsonObject
        {
            ["comment"] = comment,
            ["created_at"] = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        var temp = path + ".tmp";
        File.WriteAllText(temp, node.ToJsonString());
        File.Move(temp, path, overwrite: true);
    }

    private static (string? Comment, DateTimeOffset CreatedAt)? ReadMeta(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var node = JsonNode.Parse(File.ReadAllText(path));
        var comment = node?["comment"]?.GetValue<string>();
        var created = node?["created_at"]?.GetValue<long>() ?? 0;
        return (comment, DateTimeOffset.FromUnixTimeMilliseconds(created));
    }

    /// <summary>Formats a timestamp as Databricks prints it in results.</summary>
    /// <param name="value">The timestamp.</param>
    /// <returns>The text.</returns>
    public static string FormatTimestamp(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
}
