using DeltaFunctions.Lakehouse.Sql.Json;

namespace DeltaFunctions.Lakehouse.Tests.Sql.Json;

public sealed class JsonToStructsTests
{
    [Theory]
    [InlineData("""{"a": 1}""", "a TINYINT", """{"a":1}""")]
    [InlineData("""{"a": 200}""", "a TINYINT", """{"a":-56}""")] // Jackson's byte range is -128..255, wrapped.
    [InlineData("""{"a": 256}""", "a TINYINT", """{"a":null}""")]
    [InlineData("""{"a": 32768}""", "a SMALLINT", """{"a":null}""")]
    [InlineData("""{"a": 2147483648}""", "a INT", """{"a":null}""")]
    [InlineData("""{"a": -9223372036854775808}""", "a BIGINT", """{"a":-9223372036854775808}""")]
    [InlineData("""{"a": 9223372036854775808}""", "a BIGINT", """{"a":null}""")]
    [InlineData("""{"a": 1.0}""", "a INT", """{"a":null}""")]
    [InlineData("""{"a": "1"}""", "a INT", """{"a":null}""")]
    [InlineData("""{"a": "true"}""", "a BOOLEAN", """{"a":null}""")]
    [InlineData("""{"a": 1}""", "a BOOLEAN", """{"a":null}""")]
    [InlineData("""{"a": false}""", "a BOOLEAN", """{"a":false}""")]
    [InlineData("""{"a": 12.345}""", "a DECIMAL(5,2)", """{"a":"12.35"}""")]
    [InlineData("""{"a": -12.345}""", "a DECIMAL(5,2)", """{"a":"-12.35"}""")]
    [InlineData("""{"a": "1,234.5"}""", "a DECIMAL(10,2)", """{"a":"1234.50"}""")]
    [InlineData("""{"a": 1.5e3}""", "a DECIMAL(10,1)", """{"a":"1500.0"}""")]
    [InlineData("""{"a": 1000}""", "a DECIMAL(3,0)", """{"a":null}""")]
    [InlineData("""{"a": "abc"}""", "a DECIMAL(3,0)", """{"a":null}""")]
    [InlineData("""{"a": 99999999999999999999999999999999999999}""", "a DECIMAL(38,0)", """{"a":"99999999999999999999999999999999999999"}""")]
    [InlineData("""{"a": 0.000000000000000000000000000000000001}""", "a DECIMAL(38,36)", """{"a":"0.000000000000000000000000000000000001"}""")]
    [InlineData("""{"a": 50000.5, "b": -0.004, "c": 0.005, "d": -0.005}""", "a DECIMAL(10,2), b DECIMAL(10,2), c DECIMAL(10,2), d DECIMAL(10,2)", """{"a":"50000.50","b":"0.00","c":"0.01","d":"-0.01"}""")]
    [InlineData("""{"a": 99999999.995, "b": 99999999.994}""", "a DECIMAL(10,2), b DECIMAL(10,2)", """{"a":null,"b":"99999999.99"}""")]
    [InlineData("""{"a": 922337203685477580.7, "b": 999999999999999999, "c": 9999999999999999999}""", "a DECIMAL(19,1), b DECIMAL(18,0), c DECIMAL(19,0)", """{"a":"922337203685477580.7","b":"999999999999999999","c":"9999999999999999999"}""")]
    [InlineData("""{"a": 99999999999999999.9, "b": 0.5e-18, "c": 1.25e-1, "d": 12e17}""", "a DECIMAL(17,0), b DECIMAL(5,0), c DECIMAL(3,1), d DECIMAL(38,2)", """{"a":null,"b":"0","c":"0.1","d":"1200000000000000000.00"}""")]
    [InlineData("""{"a": 0.000000000000000001, "b": 1e-19, "c": 123456789012345678e1, "d": 999999999999999999e1}""", "a DECIMAL(18,18), b DECIMAL(18,18), c DECIMAL(19,0), d DECIMAL(19,0)", """{"a":"0.000000000000000001","b":"0.000000000000000000","c":"1234567890123456780","d":"9999999999999999990"}""")]
    [InlineData("""{"plain": "abc", "escaped": "a\"b\\c\u0041", "quote": "it's", "single": 'say "hi"'}""", "plain STRING, escaped STRING, quote STRING, single STRING", """{"plain":"abc","escaped":"a\"b\\cA","quote":"it's","single":"say \"hi\""}""")]
    [InlineData("""{"a": NaN, "b": -Infinity, "c": "+INF", "d": 1e400}""", "a DOUBLE, b DOUBLE, c DOUBLE, d DOUBLE", """{"a":"NaN","b":"-Infinity","c":"Infinity","d":"Infinity"}""")]
    [InlineData("""{"a": -0.0, "b": 3}""", "a DOUBLE, b FLOAT", """{"a":-0.0,"b":3.0}""")]
    [InlineData("""{"a": "1.5"}""", "a DOUBLE", """{"a":null}""")]
    [InlineData("""{"a": 12.50, "b": true, "c": {"x": [1, "y"]}, "d": "s"}""", "a STRING, b STRING, c STRING, d STRING", """{"a":"12.50","b":"true","c":"{\"x\": [1, \"y\"]}","d":"s"}""")]
    [InlineData("""{"a": "AAH/"}""", "a BINARY", """{"a":"\\x00\\x01\\xFF"}""")]
    [InlineData("""{"a": "not base64!"}""", "a BINARY", """{"a":null}""")]
    [InlineData("""{"a": ""}""", "a BINARY, b STRING", """{"a":"","b":null}""")]
    [InlineData("""{"a": ""}""", "a INT", """{"a":null}""")]
    [InlineData("""{"a": "2024-2-9"}""", "a DATE", """{"a":"2024-02-09"}""")]
    [InlineData("""{"a": "2024-02-09T10:00:00"}""", "a DATE", """{"a":"2024-02-09"}""")]
    [InlineData("""{"a": "2023-02-29"}""", "a DATE", """{"a":null}""")]
    [InlineData("""{"a": "123"}""", "a DATE", """{"a":"1970-05-04"}""")] // Days since the epoch (Spark 1.5 files).
    [InlineData("""{"a": "2024-06-10T08:05:03+02:00"}""", "a TIMESTAMP", """{"a":"2024-06-10 06:05:03.000000+00"}""")]
    [InlineData("""{"a": "2024-06-10 08:05:03.1234567"}""", "a TIMESTAMP", """{"a":"2024-06-10 08:05:03.123456+00"}""")]
    [InlineData("""{"a": "2024-06-10"}""", "a TIMESTAMP", """{"a":"2024-06-10 00:00:00.000000+00"}""")]
    [InlineData("""{"a": 86400}""", "a TIMESTAMP", """{"a":"1970-01-02 00:00:00.000000+00"}""")]
    [InlineData("""{"a": "2024-06-10T08:05:03Z"}""", "a TIMESTAMP_NTZ", """{"a":null}""")]
    [InlineData("""{"a": "2024-06-10T08:05:03.5"}""", "a TIMESTAMP_NTZ", """{"a":"2024-06-10 08:05:03.500000"}""")]
    [InlineData("""{"a": "yesterday"}""", "a TIMESTAMP", """{"a":null}""")]
    [InlineData("""{'a': 'single'}""", "a STRING", """{"a":"single"}""")]
    [InlineData("""{"a": 1, "a": 2}""", "a INT", """{"a":2}""")]
    [InlineData("""{"A": 1}""", "a INT", """{"a":null}""")]
    [InlineData("""{"a": 1} trailing garbage""", "a INT", """{"a":1}""")]
    [InlineData("""{"a": 01}""", "a INT", """{"a":null}""")]
    [InlineData("""[{"a": 1}]""", "a INT", """{"a":null}""")]
    [InlineData("""null""", "a INT", """{"a":null}""")]
    [InlineData("""{"a": {"x": "bad", "y": 2}}""", "a STRUCT<x: INT, y: INT>", """{"a":{"x":null,"y":2}}""")]
    [InlineData("""{"a": [1, "bad"], "b": 2}""", "a ARRAY<INT>, b INT", """{"a":null,"b":2}""")]
    [InlineData("""{"a": [{"x": "bad"}, {"x": 1}], "b": 2}""", "a ARRAY<STRUCT<x: INT>>, b INT", """{"a":[{"x":null},{"x":1}],"b":2}""")]
    [InlineData("""{"a": {"k": "bad", "j": 1}}""", "a MAP<STRING, INT>", """{"a":null}""")]
    [InlineData("""{"a": 1, "_corrupt_record": "x"}""", "a INT, _corrupt_record STRING", """{"a":1,"_corrupt_record":"x"}""")]
    [InlineData("""{"a": "x"}""", "a INT, _corrupt_record STRING", """{"a":null,"_corrupt_record":"{\"a\": \"x\"}"}""")]
    [InlineData("""{"i": 4}""", "ARRAY<STRUCT<i: INT>>", """[{"i":4}]""")]
    [InlineData("""[{"i": 1}, null, {"i": "bad"}]""", "ARRAY<STRUCT<i: INT>>", """[{"i":1},null,{"i":null}]""")]
    [InlineData("""[1, "bad"]""", "ARRAY<INT>", null)]
    [InlineData("""{"k": [1]}""", "MAP<STRING, ARRAY<INT>>", """{"k":[1]}""")]
    [InlineData("""[1, 2""", "ARRAY<INT>", null)]
    [InlineData("""   """, "a INT", null)]
    [InlineData("""{"a": "\ud800x"}""", "a STRING", "{\"a\":\"\uFFFDx\"}")]
    public void Convert_SparkValueRules_WritesCanonicalJson(string json, string schema, string? expected)
    {
        var sut = new JsonToStructs(JsonToStructs.ParseSchema(schema), SparkJsonOptions.Default);

        var result = sut.Convert(json);

        Assert.Equal(expected, result);
    }

    [Theory]
    [InlineData("""{"a": "x"}""")]
    [InlineData("""{"a" 1}""")]
    [InlineData("""[1]""")]
    public void Convert_FailFastMalformed_ThrowsMalformedRecord(string json)
    {
        var sut = new JsonToStructs(JsonToStructs.ParseSchema("a INT"), SparkJsonOptions.Default with { FailFast = true });

        var e = Assert.Throws<LakehouseException>(() => sut.Convert(json));

        Assert.Equal("MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION", e.ErrorClass);
    }

    [Theory]
    [InlineData("allowComments", """{"a": /* c */ 1}""", """{"a":1}""")]
    [InlineData("allowUnquotedFieldNames", """{a: 1}""", """{"a":1}""")]
    [InlineData("allowNumericLeadingZeros", """{"a": 007}""", """{"a":7}""")]
    [InlineData("allowBackslashEscapingAnyCharacter", """{"a": 1, "b": "\q"}""", """{"a":1,"b":"q"}""")]
    public void Convert_LenientOptionEnabled_AcceptsInputRefusedByDefault(string option, string json, string expected)
    {
        var strict = new JsonToStructs(JsonToStructs.ParseSchema("a INT, b STRING"), SparkJsonOptions.Default);
        var lenient = new JsonToStructs(JsonToStructs.ParseSchema("a INT, b STRING"), SparkJsonOptions.Parse(new Dictionary<string, string> { [option] = "true" }));

        var refused = strict.Convert(json);
        var accepted = lenient.Convert(json);

        Assert.Equal("""{"a":null,"b":null}""", refused);
        Assert.Equal(expected.Replace("}", expected.Contains("\"b\"", StringComparison.Ordinal) ? "}" : ",\"b\":null}", StringComparison.Ordinal), accepted);
    }

    [Fact]
    public void Convert_TimeZoneOption_ReadsZonelessTimestampsInThatZone()
    {
        var sut = new JsonToStructs(JsonToStructs.ParseSchema("t TIMESTAMP"), SparkJsonOptions.Parse(new Dictionary<string, string> { ["timeZone"] = "Asia/Kolkata" }));

        var result = sut.Convert("""{"t": "2024-01-01 05:30:00"}""");

        Assert.Equal("""{"t":"2024-01-01 00:00:00.000000+00"}""", result);
    }

    [Fact]
    public void Convert_SingleQuotesDisabled_RefusesSingleQuotedStrings()
    {
        var sut = new JsonToStructs(JsonToStructs.ParseSchema("a STRING"), SparkJsonOptions.Parse(new Dictionary<string, string> { ["allowSingleQuotes"] = "false" }));

        var result = sut.Convert("{'a': 'x'}");

        Assert.Equal("""{"a":null}""", result);
    }

    [Fact]
    public void Convert_RawControlCharacterInString_IsMalformed()
    {
        var sut = new JsonToStructs(JsonToStructs.ParseSchema("a STRING"), SparkJsonOptions.Default);

        var result = sut.Convert("{\"a\": \"line\nbreak\"}");

        Assert.Equal("""{"a":null}""", result);
    }
}
