namespace DeltaFunctions.Databricks.Streaming;

/// <summary>Validation of the names and paths a streaming job embeds.</summary>
internal static class StreamingNames
{
    private static readonly string[] CloudSchemes = ["abfss://", "s3://", "s3a://", "gs://"];

    /// <summary>
    /// Checks a table name: one to three dot-separated parts, each a plain identifier (letters, digits, '_') or a
    /// backtick-quoted name with inner backticks doubled.
    /// </summary>
    /// <param name="name">The name.</param>
    /// <param name="parameterName">The parameter reported.</param>
    public static void ValidateTableName(string name, string parameterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name, parameterName);
        var parts = 0;
        var i = 0;
        while (i < name.Length)
        {
            parts++;
            if (name[i] == '`')
            {
                i++;
                var start = i;
                while (true)
                {
                    if (i >= name.Length)
                    {
                        throw Invalid(name, parameterName, "a quoted part is not closed");
                    }

                    if (name[i] == '`')
                    {
                        if (i + 1 < name.Length && name[i + 1] == '`')
                        {
                            i += 2;
                            continue;
                        }

                        break;
                    }

                    i++;
                }

                if (i == start)
                {
                    throw Invalid(name, parameterName, "a quoted part is empty");
                }

                i++;
            }
            else
            {
                var start = i;
                while (i < name.Length && (char.IsAsciiLetterOrDigit(name[i]) || name[i] == '_'))
                {
                    i++;
                }

                if (i == start)
                {
                    throw Invalid(name, parameterName, "a part is empty or holds characters that need backtick quoting");
                }
            }

            if (i < name.Length)
            {
                if (name[i] != '.' || i == name.Length - 1)
                {
                    throw Invalid(name, parameterName, "parts must be separated by single dots");
                }

                i++;
            }
        }

        if (parts > 3)
        {
            throw Invalid(name, parameterName, "at most three parts (catalog.schema.table) are allowed");
        }
    }

    /// <summary>Checks a plain identifier (column or view name).</summary>
    /// <param name="name">The name.</param>
    /// <param name="parameterName">The parameter reported.</param>
    public static void ValidateColumnName(string name, string parameterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name, parameterName);
        if (name.Any(char.IsControl))
        {
            throw new ArgumentException($"Column name '{name}' holds control characters.", parameterName);
        }
    }

    /// <summary>Quotes a column name with backticks for Spark SQL.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The quoted name.</returns>
    public static string QuoteColumn(string name) => "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";

    /// <summary>
    /// Checks that a storage location sits under a Unity Catalog Volume (<c>/Volumes/catalog/schema/volume/…</c>)
    /// or a cloud path (<c>abfss://</c>, <c>s3://</c>, <c>s3a://</c>, <c>gs://</c>).
    /// </summary>
    /// <param name="location">The location.</param>
    /// <param name="what">What the location is for, used in the message.</param>
    /// <param name="parameterName">The parameter reported.</param>
    public static void ValidateStorageLocation(string location, string what, string parameterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location, parameterName);
        if (location.Any(char.IsControl) || location.Contains("/../", StringComparison.Ordinal) || location.EndsWith("/..", StringComparison.Ordinal))
        {
            throw new ArgumentException($"The {what} '{location}' holds control characters or '..' segments.", parameterName);
        }

        if (location.StartsWith("/Volumes/", StringComparison.Ordinal))
        {
            var segments = location["/Volumes/".Length..].Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (segments.Length < 3)
            {
                throw new ArgumentException(
                    $"The {what} '{location}' must name a catalog, schema and volume: /Volumes/<catalog>/<schema>/<volume>/….", parameterName);
            }

            return;
        }

        foreach (var scheme in CloudSchemes)
        {
            if (location.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                if (location.Length == scheme.Length || location[scheme.Length] == '/')
                {
                    throw new ArgumentException($"The {what} '{location}' has no bucket or container after {scheme}.", parameterName);
                }

                return;
            }
        }

        throw new ArgumentException(
            $"The {what} '{location}' must sit under a Unity Catalog Volume (/Volumes/<catalog>/<schema>/<volume>/…) or a cloud path (abfss://, s3://, s3a://, gs://).",
            parameterName);
    }

    private static ArgumentException Invalid(string name, string parameterName, string why) =>
        new($"Table name '{name}' is invalid: {why}.", parameterName);
}
