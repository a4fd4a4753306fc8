using System.Text;

namespace DeltaFunctions.Pipelines.Validation;

/// <summary>Accumulates problems while a validator walks a request; paths are built with the helpers here.</summary>
internal sealed class ProblemCollector
{
    /// <summary>The path of the request as a whole.</summary>
    public const string Root = "$";

    private readonly List<ValidationProblem> _problems = [];

    /// <summary>How many problems have been recorded so far.</summary>
    public int Count => _problems.Count;

    /// <summary>Records one problem.</summary>
    public void Add(string path, string code, string message) => _problems.Add(new ValidationProblem(path, code, message));

    /// <summary>Whether a problem was already recorded at <paramref name="path"/> or below it.</summary>
    public bool HasProblemAtOrBelow(string path) =>
        _problems.Exists(p => p.Path == path
            || (p.Path.StartsWith(path, StringComparison.Ordinal) && p.Path.Length > path.Length
                && p.Path[path.Length] is '.' or '['));

    /// <summary>The result holding every problem recorded.</summary>
    public ValidationResult ToResult() => _problems.Count == 0 ? ValidationResult.Valid : new ValidationResult(_problems.ToArray());

    /// <summary>The path of property <paramref name="name"/> of the object at <paramref name="parent"/>.</summary>
    public static string Property(string parent, string name)
    {
        if (IsSimpleName(name))
        {
            return parent == Root ? name : parent + "." + name;
        }

        var builder = new StringBuilder(parent == Root ? "$" : parent).Append("['");
        foreach (var c in name)
        {
            _ = c switch
            {
                '\'' => builder.Append("\\'"),
                '\\' => builder.Append("\\\\"),
                < ' ' or '\u007f' => builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)),
                _ => builder.Append(c),
            };
        }

        return builder.Append("']").ToString();
    }

    /// <summary>The path of item <paramref name="index"/> of the array at <paramref name="parent"/>.</summary>
    public static string Index(string parent, int index) =>
        (parent == Root ? "$" : parent) + "[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";

    private static bool IsSimpleName(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
