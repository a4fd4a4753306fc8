using System.Text.RegularExpressions;
using DuckDB.NET.Data;

namespace DeltaFunctions.Lakehouse.Commands;

/// <summary>Maps DuckDB failures to Databricks-style error classes so no raw DuckDB exception escapes.</summary>
internal static partial class DuckDbErrors
{
    /// <summary>Wraps a DuckDB exception.</summary>
    /// <param name="exception">The DuckDB failure.</param>
    /// <returns>The Databricks-style exception.</returns>
    public static LakehouseException Map(DuckDBException exception)
    {
        var message = exception.Message;
        var text = FirstLine(message);
        const string Malformed = "[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] ";
        var malformed = message.IndexOf(Malformed, StringComparison.Ordinal);
        if (malformed >= 0)
        {
            // A FAILFAST from_json failure raised inside the engine's DuckDB function.
            var detail = message[(malformed + Malformed.Length)..];
            var end = detail.IndexOf(" SQLSTATE: ", StringComparison.Ordinal);
            return new LakehouseException("MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION", "22023", end < 0 ? FirstLine(detail) : detail[..end], exception);
        }

        if (message.Contains("Permission Error", StringComparison.Ordinal))
        {
            // DuckDB's sandbox refused a file, setting or extension the front end let through: never echo the path.
            return new LakehouseException("INSUFFICIENT_PERMISSIONS", "42501", "Insufficient privileges: the statement reaches outside the workspace's storage.", exception);
        }

        if (message.Contains("Parser Error", StringComparison.Ordinal))
        {
            return new LakehouseException("PARSE_SYNTAX_ERROR", "42601", text, exception);
        }

        if (message.Contains("Catalog Error", StringComparison.Ordinal) && message.Contains("Table with name", StringComparison.Ordinal))
        {
            return new LakehouseException("TABLE_OR_VIEW_NOT_FOUND", "42P01", text, exception);
        }

        if (message.Contains("Function with name", StringComparison.Ordinal) || message.Contains("Macro Function", StringComparison.Ordinal))
        {
            return new LakehouseException("UNRESOLVED_ROUTINE", "42883", text, exception);
        }

        if (message.Contains("Referenced column", StringComparison.Ordinal) || message.Contains("not found in FROM clause", StringComparison.Ordinal)
            || message.Contains("Values list", StringComparison.Ordinal))
        {
            return new LakehouseException("UNRESOLVED_COLUMN.WITH_SUGGESTION", "42703", text, exception);
        }

        if (message.Contains("Conversion Error", StringComparison.Ordinal))
        {
            return new LakehouseException("CAST_INVALID_INPUT", "22018", text, exception);
        }

        if (message.Contains("Division by zero", StringComparison.OrdinalIgnoreCase))
        {
            return new LakehouseException("DIVIDE_BY_ZERO", "22012", text, exception);
        }

        if (message.Contains("Out of Range", StringComparison.OrdinalIgnoreCase) || message.Contains("overflow", StringComparison.OrdinalIgnoreCase))
        {
            return new LakehouseException("ARITHMETIC_OVERFLOW", "22003", text, exception);
        }

        if (message.Contains("Binder Error", StringComparison.Ordinal))
        {
            return new LakehouseException("DATATYPE_MISMATCH", "42K09", text, exception);
        }

        if (message.Contains("IO Error", StringComparison.Ordinal))
        {
            return new LakehouseException("PATH_NOT_FOUND", "42K03", text, exception);
        }

        if (message.Contains("Constraint Error", StringComparison.Ordinal))
        {
            return new LakehouseException("DELTA_NOT_NULL_CONSTRAINT_VIOLATED", "23502", text, exception);
        }

        if (message.Contains("INTERRUPT", StringComparison.OrdinalIgnoreCase))
        {
            return new LakehouseException("OPERATION_CANCELED", "HY008", "The statement was cancelled.", exception);
        }

        return new LakehouseException("INTERNAL_ERROR", "XX000", text, exception);
    }

    /// <summary>
    /// The first line of a DuckDB message without DuckDB's own category ("Binder Error: ", "Conversion Error: ", …),
    /// so the text reads like Databricks' and never names the engine underneath.
    /// </summary>
    private static string FirstLine(string message)
    {
        var end = message.IndexOf('\n', StringComparison.Ordinal);
        var line = (end < 0 ? message : message[..end]).Trim();
        var category = EngineCategory().Match(line);
        return category.Success ? line[category.Length..].Trim() : line;
    }

    [GeneratedRegex(@"^(?:[A-Z][A-Za-z]* )+Error: ")]
    private static partial Regex EngineCategory();
}
