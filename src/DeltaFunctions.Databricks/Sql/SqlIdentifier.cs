using System.Text;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// Quotes identifiers for Databricks SQL: each part in backticks with inner backticks doubled (reference §6.1).
/// Names are validated first, so a name that cannot be a Unity Catalog name never reaches SQL.
/// </summary>
public static class SqlIdentifier
{
    /// <summary>The longest identifier Unity Catalog accepts.</summary>
    public const int MaxLength = 255;

    /// <summary>Quotes one identifier part.</summary>
    /// <param name="name">The name, any characters except control characters, 1–255 long.</param>
    /// <returns>The quoted identifier, for example <c>`order items`</c>.</returns>
    /// <exception cref="ArgumentException">The name is empty, too long, or holds a control character.</exception>
    public static string Quote(string name)
    {
        Validate(name, nameof(name));
        return string.Concat("`", name.Replace("`", "``", StringComparison.Ordinal), "`");
    }

    /// <summary>Quotes a dotted name made of parts, for example <c>`main`.`sales`.`orders`</c>.</summary>
    /// <param name="parts">The parts, each validated.</param>
    /// <returns>The quoted name.</returns>
    public static string QuoteParts(params ReadOnlySpan<string> parts)
    {
        var builder = new StringBuilder();
        foreach (var part in parts)
        {
            if (builder.Length > 0)
            {
                builder.Append('.');
            }

            builder.Append(Quote(part));
        }

        return builder.ToString();
    }

    /// <summary>Validates a list of column names (each a valid identifier, none repeated case-insensitively).</summary>
    /// <param name="names">The names.</param>
    /// <param name="parameterName">The parameter named in errors.</param>
    /// <returns>The names as a list.</returns>
    /// <exception cref="ArgumentException">A name is invalid or repeated.</exception>
    internal static List<string> ValidateDistinct(IEnumerable<string> names, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(names, parameterName);
        var list = names.ToList();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in list)
        {
            Validate(name, parameterName);
            if (!seen.Add(name))
            {
                throw new ArgumentException($"Column '{name}' is listed twice.", parameterName);
            }
        }

        return list;
    }

    /// <summary>Checks that a name can be an identifier.</summary>
    /// <param name="name">The name.</param>
    /// <param name="parameterName">The caller's parameter name for the exception.</param>
    /// <exception cref="ArgumentException">The name is empty, too long, or holds a control character.</exception>
    public static void Validate(string name, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(name, parameterName);
        if (name.Length == 0)
        {
            throw new ArgumentException("An identifier cannot be empty.", parameterName);
        }

        if (name.Length > MaxLength)
        {
            throw new ArgumentException($"An identifier is at most {MaxLength} characters; this one has {name.Length}.", parameterName);
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsControl(c) || char.IsSurrogate(c))
            {
                throw new ArgumentException("An identifier cannot hold control characters or lone surrogates.", parameterName);
            }
        }
    }
}
