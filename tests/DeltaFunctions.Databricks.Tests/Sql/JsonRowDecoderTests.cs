using System.Globalization;
using System.Text;
using System.Text.Json;
using DeltaFunctions.Databricks.Sql;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DeltaFunctions.Databricks.Tests.Sql;

/// <summary>
/// The byte-level JSON_ARRAY decoder gives exactly the values of the string path (<see cref="SqlValueDecoder"/>) for
/// every cell, and refuses malformed chunks with a typed error.
/// </summary>
public sealed class JsonRowDecoderTests
{
    private static readonly SqlResultSchema Schema = new(
    [
        Column("l", "LONG", "BIGINT"), Column("i", "INT", "INT"), Column("s", "SHORT", "SMALLINT"), Column("b", "BYTE", "TINYINT"),
        Column("d", "DOUBLE", "DOUBLE"), Column("t", "STRING", "STRING"), Column("m", "DECIMAL", "DECIMAL(10,2)"),
    ]);

    private static Gen<string?[]> Rows =>
        from l in ArbMap.Default.GeneratorFor<long>()
        from i in ArbMap.Default.GeneratorFor<int>()
        from s in ArbMap.Default.GeneratorFor<short>()
        from b in ArbMap.Default.GeneratorFor<sbyte>()
        from d in Gen.OneOf(
            ArbMap.Default.GeneratorFor<double>().Select(x => x.ToString("R", CultureInfo.InvariantCulture)),
            Gen.Elements("NaN", "Infinity", "-Infinity", "1.5E10", "-0.0", "2e-5"))
        from t in ArbMap.Default.GeneratorFor<string>()
        from m in Gen.Choose(-100000, 100000).Select(x => (x / 100m).ToString(CultureInfo.InvariantCulture))
        from nulls in Gen.Choose(0, 7)
        select new[] { l.ToString(CultureInfo.InvariantCulture), i.ToString(CultureInfo.InvariantCulture), s.ToString(CultureInfo.InvariantCulture), b.ToString(CultureInfo.InvariantCulture), d, t, m }
            .Select((v, k) => k == nulls ? null : v).ToArray();

    [Property(MaxTest = 300)]
    public Property Decode_AnyRows_SameValuesAsStringPath() =>
        Prop.ForAll(Arb.From(Rows.ListOf()), rows =>
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(rows);
            var cells = JsonSerializer.Deserialize<string?[][]>(json)!;

            var decoded = JsonRowDecoder.Decode(json, Schema);

            Assert.Equal(cells.Length, decoded.Count);
            for (var r = 0; r < cells.Length; r++)
            {
                Assert.Equal(cells[r].Select((cell, c) => SqlValueDecoder.DecodeCell(cell, Schema.Types[c])), decoded[r]);
            }

            return true;
        });

    [Theory]
    [InlineData("""{"rows":[]}""")]
    [InlineData("""[["1","2","3","4","5","a","1.00","extra"]]""")]
    [InlineData("""[["1"]]""")]
    [InlineData("""["1"]""")]
    [InlineData("""[["1","2",""")]
    public void Decode_MalformedChunk_ThrowsInvalidData(string json)
    {
        var act = () => JsonRowDecoder.Decode(Encoding.UTF8.GetBytes(json), Schema);

        Assert.Throws<InvalidDataException>(act);
    }

    [Fact]
    public void Decode_BadInteger_ThrowsFormatLikeStringPath()
    {
        var act = () => JsonRowDecoder.Decode("""[["4x","1","1","1","1","a","1"]]"""u8, Schema);

        Assert.Throws<FormatException>(act);
    }

    private static ResultColumn Column(string name, string typeName, string typeText) =>
        new() { Name = name, TypeName = new SqlTypeName(typeName), TypeText = typeText };
}
