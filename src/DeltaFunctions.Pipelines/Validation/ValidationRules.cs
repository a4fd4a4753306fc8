using System.Text;
using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Pipelines.Validation;

/// <summary>Small checks the contract validators share; each records its problem and says whether the value passed.</summary>
internal static class ValidationRules
{
    public static bool Range(ProblemCollector problems, string path, long value, long min, long max)
    {
        if (value >= min && value <= max)
        {
            return true;
        }

        problems.Add(path, ValidationCodes.OutOfRange, $"must be between {min} and {max}");
        return false;
    }

    public static bool RequiredText(ProblemCollector problems, string path, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        problems.Add(path, ValidationCodes.Required, "must not be empty");
        return false;
    }

    /// <summary>Checks a token made of letters, digits and the given extra characters, 1 to <paramref name="maxLength"/> long.</summary>
    public static bool Token(ProblemCollector problems, string path, string? value, int maxLength, string extra)
    {
        if (!string.IsNullOrEmpty(value) && value.Length <= maxLength
            && value.All(c => char.IsAsciiLetterOrDigit(c) || extra.Contains(c, StringComparison.Ordinal)))
        {
            return true;
        }

        var allowed = extra.Length == 0 ? "letters and digits" : "letters, digits and " + string.Join(' ', extra.ToCharArray());
        problems.Add(path, ValidationCodes.InvalidValue, $"must be 1–{maxLength} characters of {allowed}");
        return false;
    }

    public static bool NoControlCharacters(ProblemCollector problems, string path, string value)
    {
        if (!value.Any(char.IsControl))
        {
            return true;
        }

        problems.Add(path, ValidationCodes.InvalidValue, "must not contain control characters");
        return false;
    }

    public static bool MaxUtf8Bytes(ProblemCollector problems, string path, string value, int maxBytes)
    {
        if (value.Length <= maxBytes / 3 || Encoding.UTF8.GetByteCount(value) <= maxBytes)
        {
            return true;
        }

        problems.Add(path, ValidationCodes.TooLarge, $"must be at most {maxBytes} bytes as UTF-8");
        return false;
    }

    public static bool Table(ProblemCollector problems, string path, string? value)
    {
        if (TableName.TryParse(value, out _, out var error))
        {
            return true;
        }

        problems.Add(path, ValidationCodes.InvalidIdentifier, error!);
        return false;
    }

    public static bool Column(ProblemCollector problems, string path, string? value)
    {
        if (ColumnName.IsValid(value, out var error))
        {
            return true;
        }

        problems.Add(path, ValidationCodes.InvalidIdentifier, error!);
        return false;
    }

    /// <summary>Checks a list of column names: each valid and none repeated (compared case-insensitively, as Databricks does).</summary>
    public static void Columns(ProblemCollector problems, string path, IReadOnlyList<string>? columns, int min, int max)
    {
        if (columns is null)
        {
            if (min > 0)
            {
                problems.Add(path, ValidationCodes.Required, "is required");
            }

            return;
        }

        if (columns.Count < min || columns.Count > max)
        {
            problems.Add(path, ValidationCodes.OutOfRange, $"must list between {min} and {max} columns");
        }

        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < columns.Count; i++)
        {
            var itemPath = ProblemCollector.Index(path, i);
            if (Column(problems, itemPath, columns[i]) && !seen.TryAdd(columns[i], i))
            {
                problems.Add(itemPath, ValidationCodes.Duplicate, $"repeats {ProblemCollector.Index(path, seen[columns[i]])} (column names are case-insensitive)");
            }
        }
    }

    public static bool WarehouseId(ProblemCollector problems, string path, string? value) =>
        value is null || Token(problems, path, value, 64, "-");

    /// <summary>Checks a string → string parameter map: keys are simple names, keys and values without control characters.</summary>
    public static void Parameters(ProblemCollector problems, string path, IReadOnlyDictionary<string, string>? parameters, int maxBytes)
    {
        if (parameters is null)
        {
            return;
        }

        var total = 0;
        foreach (var (key, value) in parameters)
        {
            var itemPath = ProblemCollector.Property(path, key);
            Token(problems, itemPath, key, 128, "_-.");
            total += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value);
        }

        if (total > maxBytes)
        {
            problems.Add(path, ValidationCodes.TooLarge, $"names and values together must be at most {maxBytes} bytes");
        }
    }
}
