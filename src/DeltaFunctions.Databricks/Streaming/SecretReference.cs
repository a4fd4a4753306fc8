namespace DeltaFunctions.Databricks.Streaming;

/// <summary>
/// A Databricks secret (scope and key). Generated programs read it at run time with
/// <c>dbutils.secrets.get(scope=…, key=…)</c>; the secret's value never appears in the program or job.
/// </summary>
public sealed record SecretReference
{
    /// <summary>Creates a reference.</summary>
    /// <param name="scope">The secret scope (letters, digits, '-', '_', '.', '@').</param>
    /// <param name="key">The secret key (letters, digits, '-', '_', '.').</param>
    /// <exception cref="ArgumentException">A part is empty or holds other characters.</exception>
    public SecretReference(string scope, string key)
    {
        Validate(scope, nameof(scope), allowAt: true);
        Validate(key, nameof(key), allowAt: false);
        Scope = scope;
        Key = key;
    }

    /// <summary>Gets the secret scope.</summary>
    public string Scope { get; }

    /// <summary>Gets the secret key.</summary>
    public string Key { get; }

    /// <summary>Gets the Python expression that reads the secret.</summary>
    internal string PythonExpression => $"dbutils.secrets.get(scope={PythonLiteral.String(Scope)}, key={PythonLiteral.String(Key)})";

    private static void Validate(string value, string name, bool allowAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, name);
        if (value.Length > 128 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' || (allowAt && c == '@')))
        {
            throw new ArgumentException($"Secret {name} '{value}' must be at most 128 letters, digits, '-', '_' or '.'.", name);
        }
    }
}
