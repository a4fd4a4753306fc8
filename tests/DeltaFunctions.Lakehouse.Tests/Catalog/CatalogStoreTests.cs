using DeltaFunctions.Lakehouse.Catalog;
using Microsoft.Extensions.Time.Testing;

namespace DeltaFunctions.Lakehouse.Tests.Catalog;

public sealed class CatalogStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "lh-sql-catalog", Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Constructor_EmptyDirectory_CreatesMainDefault()
    {
        var sut = new CatalogStore(_root, _clock);

        var schema = sut.GetSchema("MAIN", "Default");

        Assert.NotNull(schema);
        Assert.Equal("main.default", schema.FullName);
        Assert.Equal(_clock.GetUtcNow(), schema.CreatedAt);
    }

    [Fact]
    public void CreateCatalog_Twice_FailsUnlessIfNotExists()
    {
        var sut = new CatalogStore(_root, _clock);
        sut.CreateCatalog("Dev", "comment", ifNotExists: false);

        sut.CreateCatalog("dev", null, ifNotExists: true);
        var e = Assert.Throws<LakehouseException>(() => sut.CreateCatalog("DEV", null, ifNotExists: false));

        Assert.Equal("CATALOG_ALREADY_EXISTS", e.ErrorClass);
        Assert.Equal("comment", sut.GetCatalog("dev")!.Comment);
        Assert.Equal(["dev", "main"], sut.ListCatalogs().Select(c => c.Name));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData(".hidden")]
    [InlineData("")]
    public void CreateSchema_NameThatIsAPath_IsRejected(string name)
    {
        var sut = new CatalogStore(_root, _clock);

        var e = Assert.Throws<LakehouseException>(() => sut.CreateSchema("main", name, null, ifNotExists: false));

        Assert.Equal("INVALID_SCHEMA_OR_RELATION_NAME", e.ErrorClass);
    }

    [Fact]
    public void CreateSchema_MissingCatalog_FailsWithNoSuchCatalog()
    {
        var sut = new CatalogStore(_root, _clock);

        var e = Assert.Throws<LakehouseException>(() => sut.CreateSchema("nope", "s", null, ifNotExists: false));

        Assert.Equal("NO_SUCH_CATALOG_EXCEPTION", e.ErrorClass);
    }

    [Fact]
    public void ResolveVolumePath_InsideVolume_MapsToVolumeFolder()
    {
        var sut = new CatalogStore(_root, _clock);
        sut.CreateVolume("main", "default", "Landing", null, ifNotExists: false);

        var local = sut.ResolveVolumePath("/Volumes/main/default/landing/day=1/a.parquet");

        Assert.StartsWith(sut.GetVolume("main", "default", "landing")!.StorageLocation, local, StringComparison.Ordinal);
        Assert.EndsWith(Path.Combine("day=1", "a.parquet"), local, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/Volumes/main/default/landing/../../x")]
    [InlineData("/tmp/x")]
    [InlineData("/Volumes/main/default")]
    public void ResolveVolumePath_EscapingOrMalformed_IsRejected(string path)
    {
        var sut = new CatalogStore(_root, _clock);
        sut.CreateVolume("main", "default", "landing", null, ifNotExists: false);

        var e = Assert.Throws<LakehouseException>(() => sut.ResolveVolumePath(path));

        Assert.Equal("INVALID_VOLUME_PATH", e.ErrorClass);
    }

    [Fact]
    public void DropSchema_WithVolume_NeedsCascade()
    {
        var sut = new CatalogStore(_root, _clock);
        sut.CreateSchema("main", "s", null, ifNotExists: false);
        sut.CreateVolume("main", "s", "v", null, ifNotExists: false);

        var e = Assert.Throws<LakehouseException>(() => sut.DropSchema("main", "s", ifExists: false, cascade: false));
        sut.DropSchema("main", "s", ifExists: false, cascade: true);

        Assert.Equal("SCHEMA_NOT_EMPTY", e.ErrorClass);
        Assert.Null(sut.GetSchema("main", "s"));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
