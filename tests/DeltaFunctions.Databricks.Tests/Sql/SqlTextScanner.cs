using System.Text;
using System.Text.RegularExpressions;

namespace DeltaFunctions.Databricks.Tests.Sql;

/// <summary>
/// A lexer for the SQL our builders emit. It walks backtick identifiers (inner backticks doubled) and single-quoted
/// literals, and returns every unquoted word; a stray quote or an unterminated identifier fails. Tests assert the
/// unquoted words are all from the builders' fixed vocabulary, which proves no input escaped its quoting.
/// </summary>
internal static partial class SqlTextScanner
{
    public static readonly HashSet<string> Vocabulary = new(StringComparer.OrdinalIgnoreCase)
    {
        "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IS", "NULL", "IN", "BETWEEN", "LIKE", "ORDER", "BY", "ASC", "DESC",
        "LIMIT", "VERSION", "AS", "OF", "TIMESTAMP", "TRUE", "FALSE", "MERGE", "WITH", "SCHEMA", "EVOLUTION", "INTO",
        "USING", "ON", "WHEN", "MATCHED", "THEN", "UPDATE", "SET", "DELETE", "INSERT", "VALUES", "SOURCE", "DEFAULT",
        "inline", "from_json", "unhex", "count", "GROUP", "HAVING",
        "map",
    };

    public static IReadOnlyList<string> Words(string sql, out IReadOnlyList<string> identifiers, out IReadOnlyList<string> literals)
    {
        var words = new List<string>();
        var ids = new List<string>();
        var lits = new List<string>();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '`')
            {
                var builder = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= sql.Length)
                    {
                        throw new FormatException("Unterminated backtick identifier.");
                    }

                    if (sql[i] == '`')
                    {
                        if (i + 1 < sql.Length && sql[i + 1] == '`')
                        {
                            builder.Append('`');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    builder.Append(sql[i++]);
                }

                ids.Add(builder.ToString());
            }
            else if (c == '\'')
            {
                var end = sql.IndexOf('\'', i + 1);
                if (end < 0)
                {
                    throw new FormatException("Unterminated string literal.");
                }

                lits.Add(sql[(i + 1)..end]);
                i = end + 1;
            }
            else if (c == ':' && i + 1 < sql.Length && char.IsAsciiLetter(sql[i + 1]))
            {
                var m = MarkerPattern().Match(sql, i);
                words.Add(m.Value);
                i += m.Length;
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                var m = WordPattern().Match(sql, i);
                words.Add(m.Value);
                i += m.Length;
            }
            else if (char.IsAsciiDigit(c))
            {
                var m = NumberPattern().Match(sql, i);
                words.Add(m.Value);
                i += m.Length;
            }
            else if ("(),.=<>*! ".Contains(c, StringComparison.Ordinal))
            {
                i++;
            }
            else
            {
                throw new FormatException($"Unexpected character '{c}' at {i} outside quotes.");
            }
        }

        identifiers = ids;
        literals = lits;
        return words;
    }

    /// <summary>Asserts that the text lexes and that every unquoted word is a keyword, a marker or a number.</summary>
    public static void AssertOnlyVocabulary(string sql)
    {
        var words = Words(sql, out _, out var literals);
        foreach (var word in words)
        {
            Assert.True(
                Vocabulary.Contains(word) || MarkerPattern().IsMatch(word) && word.StartsWith(':') || NumberPattern().IsMatch(word),
                $"Unexpected word '{word}' in: {sql}");
        }

        foreach (var literal in literals)
        {
            // The from_json schema, and its fixed options map('mode', 'FAILFAST').
            Assert.Matches("^(ARRAY<STRUCT<[`A-Za-z0-9_:, <>()]*>>|mode|FAILFAST)$", literal);
        }
    }

    [GeneratedRegex(@":[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex MarkerPattern();

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"^\d+$|\d+")]
    private static partial Regex NumberPattern();
}
