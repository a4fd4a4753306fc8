using System.Globalization;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// Collects the named parameters of one statement. Every value a builder receives goes through here and comes
/// back as a marker expression (<c>:p0</c>, or <c>unhex(:p0)</c> for binary); marker names are generated, never
/// taken from input, so nothing the caller passes is ever pasted into SQL text.
/// </summary>
internal sealed class ParameterBinder
{
    private readonly List<StatementParameter> _parameters = [];
    private readonly string _prefix;

    public ParameterBinder(string prefix = "p")
    {
        _prefix = prefix;
    }

    public IReadOnlyList<StatementParameter> Parameters => _parameters;

    /// <summary>Binds a value typed from its CLR type and returns the SQL expression that reads it.</summary>
    public string Bind(object? value)
    {
        var (text, type, isBinary) = SqlValueText.ToParameter(value);
        var marker = Add(text, type);
        return isBinary ? $"unhex({marker})" : marker;
    }

    /// <summary>Binds a value as the given SQL type and returns the SQL expression that reads it.</summary>
    public string Bind(object? value, SqlType type)
    {
        if (type.Name == SqlTypeName.Binary)
        {
            return $"unhex({Add(value is null ? null : SqlValueText.ToParameter(value).Text, "STRING")})";
        }

        return Add(value is null ? null : SqlValueText.ToParameter(value).Text, type.ToString());
    }

    /// <summary>Adds a parameter with text already formatted.</summary>
    public string Add(string? text, string? type)
    {
        var name = _prefix + _parameters.Count.ToString(CultureInfo.InvariantCulture);
        _parameters.Add(new StatementParameter { Name = name, Value = text, Type = type });
        return ":" + name;
    }

    /// <summary>Adds parameters from a statement the caller composed, refusing names that collide with ours.</summary>
    public void AddExternal(IReadOnlyList<StatementParameter> parameters)
    {
        foreach (var parameter in parameters)
        {
            if (_parameters.Exists(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ArgumentException(
                    $"Parameter name '{parameter.Name}' collides with a generated parameter; rename it (generated names start with '{_prefix}').",
                    nameof(parameters));
            }

            _parameters.Add(parameter);
        }
    }
}
