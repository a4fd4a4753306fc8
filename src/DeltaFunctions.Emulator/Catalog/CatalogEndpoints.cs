using System.Security.Cryptography;
using System.Text;
using DeltaFunctions.Lakehouse;
using DeltaFunctions.Lakehouse.Catalog;

namespace DeltaFunctions.Emulator.Catalog;

/// <summary>Unity Catalog 2.1: catalogs, schemas, tables and volumes, read from the Lakehouse (reference §5).</summary>
internal static class CatalogEndpoints
{
    private const string Prefix = "/api/2.1/unity-catalog";

    public static IEndpointRouteBuilder MapCatalogEndpoints(this IEndpointRouteBuilder routes)
    {
        var uc = routes.MapGroup(Prefix);
        uc.MapGet("/catalogs", (HttpContext context, LakehouseEngine engine, EmulatorOptions options) =>
        {
            var (page, next) = Paginate(engine.ListCatalogs(), context, options);
            return Results.Json(new CatalogListResponse([.. page.Select(ToInfo)], next), EmulatorJsonContext.Default.CatalogListResponse);
        });
        uc.MapGet("/catalogs/{name}", (string name, LakehouseEngine engine) =>
            Results.Json(ToInfo(RequireCatalog(engine, name)), EmulatorJsonContext.Default.CatalogInfo));

        uc.MapGet("/schemas", (HttpContext context, LakehouseEngine engine, EmulatorOptions options) =>
        {
            var catalog = RequiredQuery(context, "catalog_name");
            RequireCatalog(engine, catalog);
            var (page, next) = Paginate(engine.ListSchemas(catalog), context, options);
            return Results.Json(new SchemaListResponse([.. page.Select(ToInfo)], next), EmulatorJsonContext.Default.SchemaListResponse);
        });
        uc.MapGet("/schemas/{fullName}", (string fullName, LakehouseEngine engine) =>
        {
            var parts = Split(fullName, 2, "schema");
            return Results.Json(ToInfo(RequireSchema(engine, parts[0], parts[1])), EmulatorJsonContext.Default.SchemaInfo);
        });

        uc.MapGet("/tables", (HttpContext context, LakehouseEngine engine, EmulatorOptions options) =>
        {
            var catalog = RequiredQuery(context, "catalog_name");
            var schema = RequiredQuery(context, "schema_name");
            RequireSchema(engine, catalog, schema);
            var omitColumns = IsTrue(context, "omit_columns");
            var omitProperties = IsTrue(context, "omit_properties");
            var (page, next) = Paginate(engine.ListTables(catalog, schema), context, options);
            var tables = page.Select(t => ToInfo(t) with
            {
                Columns = omitColumns ? null : ToInfo(t).Columns,
                Properties = omitProperties ? null : t.Properties,
            }).ToList();
            return Results.Json(new TableListResponse(tables, next), EmulatorJsonContext.Default.TableListResponse);
        });
        uc.MapGet("/tables/{fullName}", (string fullName, LakehouseEngine engine) =>
        {
            var parts = Split(fullName, 3, "table");
            return Results.Json(ToInfo(RequireTable(engine, parts[0], parts[1], parts[2])), EmulatorJsonContext.Default.TableInfo);
        });
        uc.MapGet("/tables/{fullName}/exists", (string fullName, LakehouseEngine engine) =>
        {
            var parts = Split(fullName, 3, "table");
            var exists = engine.GetSchema(parts[0], parts[1]) is not null && engine.GetTable(parts[0], parts[1], parts[2]) is not null;
            return Results.Json(new TableExistsResponse(exists), EmulatorJsonContext.Default.TableExistsResponse);
        });

        uc.MapGet("/volumes", (HttpContext context, LakehouseEngine engine, EmulatorOptions options) =>
        {
            var catalog = RequiredQuery(context, "catalog_name");
            var schema = RequiredQuery(context, "schema_name");
            RequireSchema(engine, catalog, schema);
            var (page, next) = Paginate(engine.ListVolumes(catalog, schema), context, options);
            return Results.Json(new VolumeListResponse([.. page.Select(ToInfo)], next), EmulatorJsonContext.Default.VolumeListResponse);
        });
        uc.MapGet("/volumes/{fullName}", (string fullName, LakehouseEngine engine) =>
        {
            var parts = Split(fullName, 3, "volume");
            RequireSchema(engine, parts[0], parts[1]);
            var volume = engine.GetVolume(parts[0], parts[1], parts[2])
                ?? throw ApiException.NotFound("RESOURCE_DOES_NOT_EXIST", $"Volume '{fullName}' does not exist.");
            return Results.Json(ToInfo(volume), EmulatorJsonContext.Default.VolumeInfo);
        });
        return routes;
    }

    /// <summary>
    /// Applies §5 pagination: <c>max_results</c> unset ⇒ everything; 0 ⇒ the server page size; &gt;0 ⇒ the smaller of
    /// it and the server page size; &lt;0 ⇒ 400.
    /// </summary>
    internal static (List<T> Page, string? Next) Paginate<T>(IReadOnlyList<T> items, HttpContext context, EmulatorOptions options)
    {
        var raw = context.Request.Query["max_results"].ToString();
        var token = context.Request.Query["page_token"].ToString();
        if (raw.Length == 0 && token.Length == 0)
        {
            return ([.. items], null);
        }

        if (raw.Length > 0 && !int.TryParse(raw, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            throw ApiException.InvalidParameter($"max_results must be an integer; got {raw}.");
        }

        var max = raw.Length == 0 ? 0 : int.Parse(raw, System.Globalization.CultureInfo.InvariantCulture);
        if (max < 0)
        {
            throw ApiException.InvalidParameter("max_results must be greater than or equal to 0.");
        }

        var size = max == 0 ? options.ServerPageSize : Math.Min(max, options.ServerPageSize);
        return PageToken.Slice(items, token, size);
    }

    private static string RequiredQuery(HttpContext context, string name)
    {
        var value = context.Request.Query[name].ToString();
        return value.Length > 0 ? value : throw ApiException.InvalidParameter($"{name} is required.");
    }

    private static bool IsTrue(HttpContext context, string name) =>
        string.Equals(context.Request.Query[name].ToString(), "true", StringComparison.OrdinalIgnoreCase);

    private static string[] Split(string fullName, int parts, string kind)
    {
        var split = fullName.Split('.');
        return split.Length == parts && split.All(p => p.Length > 0)
            ? [.. split.Select(p => p.ToLowerInvariant())]
            : throw ApiException.InvalidParameter($"Invalid {kind} name '{fullName}': expected {parts} dot-separated parts.");
    }

    private static CatalogEntry RequireCatalog(LakehouseEngine engine, string name) =>
        engine.GetCatalog(name) ?? throw ApiException.NotFound("CATALOG_DOES_NOT_EXIST", $"Catalog '{name}' does not exist.");

    private static SchemaEntry RequireSchema(LakehouseEngine engine, string catalog, string schema)
    {
        RequireCatalog(engine, catalog);
        return engine.GetSchema(catalog, schema)
            ?? throw ApiException.NotFound("SCHEMA_DOES_NOT_EXIST", $"Schema '{catalog}.{schema}' does not exist.");
    }

    private static TableEntry RequireTable(LakehouseEngine engine, string catalog, string schema, string table)
    {
        RequireSchema(engine, catalog, schema);
        return engine.GetTable(catalog, schema, table)
            ?? throw ApiException.NotFound("TABLE_DOES_NOT_EXIST", $"Table '{catalog}.{schema}.{table}' does not exist.");
    }

    private static long Millis(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    private static string StableId(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }

    private static CatalogInfo ToInfo(CatalogEntry c) => new()
    {
        Name = c.Name,
        FullName = c.Name,
        Comment = c.Comment,
        StorageRoot = new Uri(Path.GetFullPath(c.StorageRoot)).AbsoluteUri,
        StorageLocation = new Uri(Path.GetFullPath(c.StorageRoot)).AbsoluteUri,
        CreatedAt = Millis(c.CreatedAt),
        UpdatedAt = Millis(c.CreatedAt),
    };

    private static SchemaInfo ToInfo(SchemaEntry s) => new()
    {
        Name = s.Name,
        CatalogName = s.Catalog,
        FullName = s.FullName,
        SchemaId = StableId(s.FullName),
        Comment = s.Comment,
        StorageRoot = new Uri(Path.GetFullPath(s.StorageRoot)).AbsoluteUri,
        StorageLocation = new Uri(Path.GetFullPath(s.StorageRoot)).AbsoluteUri,
        CreatedAt = Millis(s.CreatedAt),
        UpdatedAt = Millis(s.CreatedAt),
    };

    private static TableInfo ToInfo(TableEntry t) => new()
    {
        Name = t.Name,
        CatalogName = t.Catalog,
        SchemaName = t.Schema,
        FullName = t.FullName,
        TableType = t.TableType,
        DataSourceFormat = t.DataSourceFormat,
        TableId = t.TableId,
        StorageLocation = new Uri(Path.GetFullPath(t.StorageLocation)).AbsoluteUri,
        Owner = "emulator",
        Comment = t.Comment,
        Properties = t.Properties,
        EnablePredictiveOptimization = t.PredictiveOptimization,
        EffectivePredictiveOptimizationFlag = t.PredictiveOptimization == "INHERIT"
            ? new EffectivePredictiveOptimizationFlag { Value = "DISABLE", InheritedFromType = "METASTORE", InheritedFromName = WellKnown.MetastoreId }
            : new EffectivePredictiveOptimizationFlag { Value = t.PredictiveOptimization },
        Columns = [.. t.Columns.Select(c => new TableColumnInfo
        {
            Name = c.Name,
            TypeText = c.TypeText,
            TypeName = c.TypeName,
            TypeJson = c.TypeJson,
            TypePrecision = c.Precision,
            TypeScale = c.Scale,
            Position = c.Position,
            Nullable = c.Nullable,
            Comment = c.Comment,
            PartitionIndex = c.PartitionIndex,
        })],
        CreatedAt = Millis(t.CreatedAt),
        CreatedBy = "emulator",
        UpdatedAt = Millis(t.UpdatedAt),
        UpdatedBy = "emulator",
    };

    private static VolumeInfo ToInfo(VolumeEntry v) => new()
    {
        Name = v.Name,
        CatalogName = v.Catalog,
        SchemaName = v.Schema,
        FullName = v.FullName,
        VolumeId = StableId(v.FullName),
        StorageLocation = new Uri(Path.GetFullPath(v.StorageLocation)).AbsoluteUri,
        Comment = v.Comment,
        CreatedAt = Millis(v.CreatedAt),
        UpdatedAt = Millis(v.CreatedAt),
    };
}
