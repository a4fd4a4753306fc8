using DeltaFunctions.Lakehouse.Log;

namespace DeltaFunctions.Lakehouse.Tests.Log;

public sealed class ParquetSchemaCacheTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "lh-schema-cache-" + Guid.NewGuid().ToString("N"));

    public ParquetSchemaCacheTests() => Directory.CreateDirectory(_root);

    [Fact]
    public void GetOrDescribe_SameFilesAgain_DescribesOnceAndAnswersTheSameSchema()
    {
        var sut = new ParquetSchemaCache();
        var file = WriteFile("a.parquet", "one");
        var calls = 0;

        var first = sut.GetOrDescribe("read_parquet(['a'])", [file], () => Schema(ref calls, "id", "BIGINT"));
        var second = sut.GetOrDescribe("read_parquet(['a'])", [new FileInfo(file.FullName)], () => Schema(ref calls, "id", "INTEGER"));

        Assert.Equal(1, calls);
        Assert.Same(first, second);
        Assert.Equal("BIGINT", second["ID"]);
        Assert.Equal(1, sut.Count);
    }

    [Fact]
    public void GetOrDescribe_FileRewrittenInPlace_DescribesTheNewFile()
    {
        var sut = new ParquetSchemaCache();
        var file = WriteFile("a.parquet", "one");
        var calls = 0;
        sut.GetOrDescribe("read_parquet(['a'])", [file], () => Schema(ref calls, "id", "BIGINT"));

        var rewritten = WriteFile("a.parquet", "a longer content");
        var schema = sut.GetOrDescribe("read_parquet(['a'])", [rewritten], () => Schema(ref calls, "id", "VARCHAR"));

        Assert.Equal(2, calls);
        Assert.Equal("VARCHAR", schema["id"]);
    }

    [Fact]
    public void GetOrDescribe_OtherOptionsOverTheSameFiles_DescribesEach()
    {
        var sut = new ParquetSchemaCache();
        var file = WriteFile("a.parquet", "one");
        var calls = 0;

        sut.GetOrDescribe("read_parquet(['a'], union_by_name = true)", [file], () => Schema(ref calls, "id", "BIGINT"));
        var withRowNumbers = sut.GetOrDescribe("read_parquet(['a'], union_by_name = true, file_row_number = true)", [file], () => Schema(ref calls, "file_row_number", "BIGINT"));

        Assert.Equal(2, calls);
        Assert.True(withRowNumbers.ContainsKey("file_row_number"));
    }

    [Fact]
    public void GetOrDescribe_MoreSchemasThanCapacity_HoldsNoMoreThanCapacityAndStaysCorrect()
    {
        var sut = new ParquetSchemaCache(capacity: 2);
        var file = WriteFile("a.parquet", "one");
        var calls = 0;

        for (var i = 0; i < 5; i++)
        {
            var type = "DECIMAL(18," + i + ")";
            var schema = sut.GetOrDescribe($"read_parquet(['a{i}'])", [file], () => Schema(ref calls, "v", type));
            Assert.Equal(type, schema["v"]);
            Assert.InRange(sut.Count, 1, 2);
        }

        Assert.Equal(5, calls);
    }

    [Fact]
    public void Constructor_CapacityBelowOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ParquetSchemaCache(capacity: 0));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static Dictionary<string, string> Schema(ref int calls, string column, string type)
    {
        calls++;
        return new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [column] = type };
    }

    private FileInfo WriteFile(string name, string content)
    {
        var path = Path.Combine(_root, name);
        File.WriteAllText(path, content);
        return new FileInfo(path);
    }
}
