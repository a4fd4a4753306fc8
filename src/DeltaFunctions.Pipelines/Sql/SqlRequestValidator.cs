using System.Globalization;
using System.Text.RegularExpressions;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Pipelines.Validation;

namespace DeltaFunctions.Pipelines.Sql;

/// <summary>The rules of a <see cref="SqlRequest"/> beyond its JSON shape.</summary>
internal static partial class SqlRequestValidator
{
    public static void Validate(SqlRequest request, ProblemCollector problems)
    {
        var statementOk = ValidationRules.RequiredText(problems, "statement", request.Statement)
            && ValidationRules.MaxUtf8Bytes(problems, "statement", request.Statement, SqlRequest.MaxStatementBytes);
        if (statementOk && request.Statement.Contains('\0', StringComparison.Ordinal))
        {
            problems.Add("statement", ValidationCodes.InvalidValue, "must not contain NUL characters");
            statementOk = false;
        }

        ValidationRules.WarehouseId(problems, "warehouseId", request.WarehouseId);
        if (request.Catalog is { } catalog && !TableName.IsValidObjectName(catalog, out var catalogError))
        {
            problems.Add("catalog", ValidationCodes.InvalidIdentifier, catalogError!);
        }

        if (request.Schema is { } schema && !TableName.IsValidObjectName(schema, out var schemaError))
        {
            problems.Add("schema", ValidationCodes.InvalidIdentifier, schemaError!);
        }

        if (request.RowLimit is { } rowLimit)
        {
            ValidationRules.Range(problems, "rowLimit", rowLimit, 1, long.MaxValue);
        }

        if (request.ReplyTo is { } replyTo && !QueueName().IsMatch(replyTo))
        {
            problems.Add("replyTo", ValidationCodes.InvalidValue,
                "must be a Service Bus entity name: 1–260 letters, digits, '.', '-', '_' or '/', starting and ending with a letter or digit");
        }

        var parameters = request.Parameters ?? [];
        if (parameters.Count > SqlRequest.MaxParameters)
        {
            problems.Add("parameters", ValidationCodes.TooLarge, $"at most {SqlRequest.MaxParameters} parameters");
            return;
        }

        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < parameters.Count; i++)
        {
            var path = ProblemCollector.Index("parameters", i);
            var parameter = parameters[i];
            if (!SqlParameterMarkers.IsValidName(parameter.Name))
            {
                problems.Add(path + ".name", ValidationCodes.InvalidIdentifier,
                    "must be a marker name: a letter or underscore, then letters, digits or underscores (no colon)");
            }
            else if (!names.TryAdd(parameter.Name, i))
            {
                problems.Add(path + ".name", ValidationCodes.Duplicate, $"repeats parameters[{names[parameter.Name]}].name");
            }

            ValidateValue(parameter, path, problems);
        }

        if (!statementOk)
        {
            return;
        }

        var markers = SqlParameterMarkers.Find(request.Statement);
        foreach (var marker in markers.Distinct(StringComparer.Ordinal))
        {
            if (!parameters.Any(p => string.Equals(p.Name, marker, StringComparison.Ordinal)))
            {
                problems.Add("statement", ValidationCodes.Required, $"the marker :{marker} has no value in parameters");
            }
        }

        for (var i = 0; i < parameters.Count; i++)
        {
            if (SqlParameterMarkers.IsValidName(parameters[i].Name) && !markers.Contains(parameters[i].Name, StringComparer.Ordinal))
            {
                problems.Add(ProblemCollector.Index("parameters", i) + ".name", ValidationCodes.InvalidValue,
                    $"the statement has no :{parameters[i].Name} marker (names are case-sensitive)");
            }
        }
    }

    private static void ValidateValue(SqlParameter parameter, string path, ProblemCollector problems)
    {
        var type = parameter.Type?.Trim().ToUpperInvariant() ?? "STRING";
        var match = TypeName().Match(type);
        if (!match.Success)
        {
            problems.Add(path + ".type", ValidationCodes.InvalidValue,
                "must be a scalar SQL type: STRING, BIGINT, INT, SMALLINT, TINYINT, BOOLEAN, DATE, TIMESTAMP, TIMESTAMP_NTZ, FLOAT, DOUBLE, BINARY or DECIMAL(p,s)");
            return;
        }

        if (match.Groups["p"].Success)
        {
            var precision = int.Parse(match.Groups["p"].Value, CultureInfo.InvariantCulture);
            var scale = match.Groups["s"].Success ? int.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture) : 0;
            if (precision is < 1 or > 38 || scale > precision)
            {
                problems.Add(path + ".type", ValidationCodes.OutOfRange, "DECIMAL precision must be 1–38 and scale at most the precision");
                return;
            }
        }

        if (parameter.Value is not { } value)
        {
            return;
        }

        if (value.Contains('\0', StringComparison.Ordinal))
        {
            problems.Add(path + ".value", ValidationCodes.InvalidValue, "must not contain NUL characters");
            return;
        }

        var baseType = match.Groups["t"].Value.Split('(')[0];
        var ok = baseType switch
        {
            "BIGINT" => long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            "INT" or "INTEGER" => int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            "SMALLINT" => short.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            "TINYINT" => sbyte.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            "BOOLEAN" => bool.TryParse(value, out _),
            "DATE" => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            "TIMESTAMP" or "TIMESTAMP_NTZ" => DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out _),
            "FLOAT" or "DOUBLE" => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
            "DECIMAL" or "DEC" or "NUMERIC" => decimal.TryParse(value, NumberStyles.Number & ~NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out _),
            _ => true,
        };
        if (!ok)
        {
            problems.Add(path + ".value", ValidationCodes.InvalidValue, $"is not a valid {baseType} literal");
        }
    }

    [GeneratedRegex(@"^(?<t>STRING|BIGINT|INT|INTEGER|SMALLINT|TINYINT|BOOLEAN|DATE|TIMESTAMP|TIMESTAMP_NTZ|FLOAT|DOUBLE|BINARY|(?:DECIMAL|DEC|NUMERIC)(?:\(\s*(?<p>\d{1,2})\s*(?:,\s*(?<s>\d{1,2})\s*)?\))?)$", RegexOptions.CultureInvariant)]
    private static partial Regex TypeName();

    [GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9._/-]{0,258}[A-Za-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex QueueName();
}
