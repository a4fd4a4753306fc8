using System.Text;
using DeltaFunctions.Lakehouse.Log;
using DeltaFunctions.Lakehouse.Tests.Conformance;

namespace DeltaFunctions.Lakehouse.Tests.Log;

public sealed class DeletionVectorsTests
{
    [Fact]
    public void Z85_KnownVector_DecodesAndEncodes()
    {
        // The ZeroMQ Z85 specification's test vector.
        byte[] bytes = [0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B];

        var text = Z85.Encode(bytes);

        Assert.Equal("HelloWorld", text);
        Assert.Equal(bytes, Z85.Decode(text));
        Assert.Throws<FormatException>(() => Z85.Decode("Hello"[..4]));
    }

    [Fact]
    public void DecodeRoaringBitmapArray_EncodedRows_RoundTripsArrayBitmapAndHighKeys()
    {
        var rows = new List<long> { 0, 9, 70000 };
        rows.AddRange(Enumerable.Range(0, 5000).Select(i => (long)(200_000 + (i * 2))));
        rows.Add((5L << 32) + 3);

        var decoded = DeletionVectors.DecodeRoaringBitmapArray(DeletionVectors.EncodeRoaringBitmapArray(rows));

        Assert.Equal(rows.Order(), decoded);
    }

    [Fact]
    [Trait("Category", DeltaTestData.Trait)]
    public void Load_UuidRelativeDvOfSharedTable_ReturnsDeletedRowsZeroAndNine()
    {
        var log = DeltaLog.ForTable(DeltaTestData.TablePath("table-with-dv-small"), TimeProvider.System);
        var file = Assert.Single(log.GetSnapshot().Files);

        var rows = DeletionVectors.Load(log.TablePath, file.DeletionVector!);

        Assert.Equal("u", file.DeletionVector!.StorageType);
        Assert.Equal([0L, 9L], rows);
    }

    [Fact]
    [Trait("Category", DeltaTestData.Trait)]
    public void Load_AbsolutePathDescriptor_ReadsSameRowsAsRelative()
    {
        var log = DeltaLog.ForTable(DeltaTestData.TablePath("table-with-dv-small"), TimeProvider.System);
        var relative = log.GetSnapshot().Files[0].DeletionVector!;
        var absolute = relative with { StorageType = "p", PathOrInlineDv = new Uri(DeletionVectors.ResolvePath(log.TablePath, relative)).AbsoluteUri };

        var rows = DeletionVectors.Load(log.TablePath, absolute);

        Assert.Equal([0L, 9L], rows);
    }

    [Fact]
    public void CreateScan_InlineDeletionVector_RemovesMarkedRows()
    {
        using var table = new DeltaTableFixture();
        var schema = DeltaTableFixture.Schema(("id", PrimitiveType.Long));
        table.Create(schema, null, new Dictionary<string, string> { ["delta.enableDeletionVectors"] = "true" });
        table.Append("SELECT range AS id FROM range(10)");
        var snapshot = table.Log.GetSnapshot();
        var file = snapshot.Files[0];
        var bitmap = DeletionVectors.EncodeRoaringBitmapArray([1, 3, 5]);
        var tx = new DeltaTransaction(table.Log, snapshot, table.Options);
        tx.ReadFiles([file]);
        tx.RemoveFiles([file]);
        tx.AddFiles([file with { DeletionVector = new DeletionVectorDescriptor("i", Z85.Encode(bitmap), null, bitmap.Length, 3) }]);
        tx.Commit("DELETE", null, null, TestContext.Current.CancellationToken);

        var rows = table.Rows(table.Log.GetSnapshot(), "id");

        Assert.Equal(new long[] { 0, 2, 4, 6, 7, 8, 9 }, rows.Select(r => (long)r[0]!));
        Assert.Equal(7, table.Log.GetSnapshot().StatsRowCount());
    }

    [Fact]
    public void Load_DvFileWithBadChecksum_FailsWithChecksumMismatch()
    {
        using var table = new DeltaTableFixture();
        var bitmap = DeletionVectors.EncodeRoaringBitmapArray([2]);
        var uuid = Guid.NewGuid();
        var path = Path.Combine(table.TablePath, $"deletion_vector_{uuid}.bin");
        using (var stream = File.Create(path))
        {
            stream.WriteByte(1);
            stream.Write([0, 0, 0, (byte)bitmap.Length]);
            stream.Write(bitmap);
            stream.Write(Encoding.ASCII.GetBytes("bad!"));
        }

        var dv = new DeletionVectorDescriptor("u", "ab" + Z85.EncodeUuid(uuid), 1, bitmap.Length, 1);
        Directory.CreateDirectory(Path.Combine(table.TablePath, "ab"));
        File.Move(path, Path.Combine(table.TablePath, "ab", Path.GetFileName(path)));

        var error = Assert.Throws<LakehouseException>(() => DeletionVectors.Load(table.TablePath, dv));

        Assert.Equal("DELTA_DELETION_VECTOR_CHECKSUM_MISMATCH", error.ErrorClass);
    }
}
