using System.Numerics;
using DeltaFunctions.Lakehouse.Commands;

namespace DeltaFunctions.Lakehouse.Tests.Commands;

public sealed class DuckDbValuesTests
{
    [Fact]
    public void Convert_DuckDbSpecificValues_BecomeDocumentedClrValues()
    {
        var ntz = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Unspecified);

        var big = DuckDbValues.Convert(new BigInteger(42), "BIGINT");
        var guid = DuckDbValues.Convert(Guid.Empty, "STRING");
        var utc = (DateTime)DuckDbValues.Convert(ntz, "TIMESTAMP")!;
        var local = (DateTime)DuckDbValues.Convert(ntz, "TIMESTAMP_NTZ")!;
        var bytes = DuckDbValues.Convert(new MemoryStream([1, 2]), "BINARY");
        var list = DuckDbValues.Convert(new List<int> { 1, 2 }, "ARRAY<INT>");
        var map = DuckDbValues.Convert(new Dictionary<string, long> { ["a"] = 1 }, "MAP<STRING, BIGINT>");
        var structValue = DuckDbValues.Convert(new Dictionary<string, object> { ["x"] = 1 }, "STRUCT<x: INT>");

        Assert.Equal(42L, big);
        Assert.Equal(Guid.Empty.ToString(), guid);
        Assert.Equal(DateTimeKind.Utc, utc.Kind);
        Assert.Equal(DateTimeKind.Unspecified, local.Kind);
        Assert.Equal(new byte[] { 1, 2 }, bytes);
        Assert.Equal([1, 2], Assert.IsAssignableFrom<IReadOnlyList<object?>>(list).Cast<int>());
        Assert.Equal(1L, Assert.IsAssignableFrom<IReadOnlyDictionary<object, object?>>(map)["a"]);
        Assert.Equal(1, Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(structValue)["x"]);
        Assert.Null(DuckDbValues.Convert(DBNull.Value, "INT"));
    }
}
