using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Tests.Sql;

public sealed class SqlValueDecoderTests
{
    [Fact]
    public void DecodeCell_Primitives_TypedFromManifest()
    {
        Assert.Equal(42L, SqlValueDecoder.DecodeCell("42", SqlType.Long));
        Assert.Equal((short)7, SqlValueDecoder.DecodeCell("7", SqlType.Short));
        Assert.Equal((sbyte)-3, SqlValueDecoder.DecodeCell("-3", SqlType.Byte));
        Assert.Equal(true, SqlValueDecoder.DecodeCell("true", SqlType.Boolean));
        Assert.Equal(10.50m, SqlValueDecoder.DecodeCell("10.50", SqlType.Decimal(10, 2)));
        Assert.Equal(double.NaN, SqlValueDecoder.DecodeCell("NaN", SqlType.Double));
        Assert.Equal(1.5f, SqlValueDecoder.DecodeCell("1.5", SqlType.Float));
        Assert.Null(SqlValueDecoder.DecodeCell(null, SqlType.Int));
    }

    [Fact]
    public void DecodeCell_DecimalWiderThanSystemDecimal_KeepsExactText()
    {
        const string wide = "12345678901234567890123456789012.345678";

        var value = SqlValueDecoder.DecodeCell(wide, SqlType.Decimal(38, 6));

        Assert.Equal(wide, value);
    }

    [Fact]
    public void DecodeCell_DatesAndTimestamps_KeepZoneSemantics()
    {
        var date = SqlValueDecoder.DecodeCell("2024-06-10", SqlType.Date);
        var instant = SqlValueDecoder.DecodeCell("2024-06-10T08:00:00.123+02:00", SqlType.Timestamp);
        var wallClock = SqlValueDecoder.DecodeCell("2024-06-10T08:00:00.123", SqlType.TimestampNtz);

        Assert.Equal(new DateOnly(2024, 6, 10), date);
        Assert.Equal(new DateTimeOffset(2024, 6, 10, 6, 0, 0, 123, TimeSpan.Zero), instant);
        Assert.Equal(TimeSpan.Zero, ((DateTimeOffset)instant!).Offset);
        Assert.Equal(new DateTime(2024, 6, 10, 8, 0, 0, 123, DateTimeKind.Unspecified), wallClock);
        Assert.Equal(DateTimeKind.Unspecified, ((DateTime)wallClock!).Kind);
    }

    [Fact]
    public void DecodeCell_BinaryHex_ReturnsBytes()
    {
        var value = SqlValueDecoder.DecodeCell("DEADbeef", SqlType.Binary);

        Assert.Equal(new byte[] { 0xDE, 0xAD, 0xBE, 0xEF }, value);
    }

    [Fact]
    public void DecodeCell_NestedBinaryThatIsAlsoValidHex_ReadAsBase64()
    {
        // "AAAA" is base64 for three zero bytes and also valid hex for two; nested binary is always base64.
        var value = SqlValueDecoder.DecodeCell("""["AAAA","3q2+7w=="]""", SqlType.Array(SqlType.Binary));

        Assert.Equal([new byte[] { 0, 0, 0 }, new byte[] { 0xDE, 0xAD, 0xBE, 0xEF }], ((IEnumerable<object?>)value!).Cast<byte[]>());
    }

    [Fact]
    public void DecodeCell_ComplexTypes_DecodesNestedJson()
    {
        var type = SqlType.Parse("STRUCT<id: BIGINT, tags: ARRAY<STRING>, amounts: MAP<STRING, DECIMAL(10,2)>, day: DATE>");

        var value = (IReadOnlyDictionary<string, object?>)SqlValueDecoder.DecodeCell(
            """{"id":5,"tags":["a",null],"amounts":{"x":1.25},"day":"2024-01-02"}""", type)!;

        Assert.Equal(5L, value["id"]);
        Assert.Equal(new object?[] { "a", null }, (IEnumerable<object?>)value["tags"]!);
        Assert.Equal(1.25m, ((IReadOnlyDictionary<object, object?>)value["amounts"]!)["x"]);
        Assert.Equal(new DateOnly(2024, 1, 2), value["day"]);
    }

    [Fact]
    public void DecodeCell_MapWithIntegerKeys_TypesKeys()
    {
        var value = (IReadOnlyDictionary<object, object?>)SqlValueDecoder.DecodeCell("""{"1":"a","2":"b"}""", SqlType.Map(SqlType.Int, SqlType.String))!;

        Assert.Equal("a", value[1]);
        Assert.Equal("b", value[2]);
    }

    [Fact]
    public void DecodeCell_BadInteger_Throws()
    {
        var act = () => SqlValueDecoder.DecodeCell("4x", SqlType.Int);

        Assert.Throws<FormatException>(act);
    }
}
