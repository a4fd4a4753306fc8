using System.ComponentModel.DataAnnotations.Schema;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// The one naming rule between .NET members and table columns, for reads (<see cref="RowMapper{T}"/>) and writes
/// (the Delta client's row sources) alike: a member's column is the name in its <see cref="JsonPropertyNameAttribute"/>
/// or <see cref="ColumnAttribute"/>, otherwise its name in lower snake_case (<c>OrderId</c> is <c>order_id</c>).
/// Reading matches a result column to a member case-insensitively with underscores ignored, so tables whose columns
/// are spelt <c>orderid</c> still read.
/// </summary>
internal static class ColumnNames
{
    /// <summary>The column a property (or a record's positional parameter, through its property) stands for.</summary>
    /// <param name="property">The property.</param>
    /// <returns>The column name.</returns>
    public static string Of(PropertyInfo property) => Explicit(property) ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name);

    /// <summary>The column a constructor parameter stands for: its own attribute, the attribute of the property of the same name, or snake_case.</summary>
    /// <param name="parameter">The parameter.</param>
    /// <param name="type">The type the constructor builds, whose property of the same name is looked up.</param>
    /// <returns>The column name.</returns>
    public static string Of(ParameterInfo parameter, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] Type type)
    {
        var own = Explicit(parameter);
        if (own is not null)
        {
            return own;
        }

        var property = Array.Find(type.GetProperties(BindingFlags.Public | BindingFlags.Instance), p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase));
        return property is null ? JsonNamingPolicy.SnakeCaseLower.ConvertName(parameter.Name!) : Of(property);
    }

    /// <summary>The key two names compare by when reading: lower case, underscores ignored.</summary>
    /// <param name="name">A column or member name.</param>
    /// <returns>The key.</returns>
    public static string Key(string name) => name.Replace("_", string.Empty, StringComparison.Ordinal).ToUpperInvariant();

    private static string? Explicit(ICustomAttributeProvider member)
    {
        foreach (var attribute in member.GetCustomAttributes(inherit: true))
        {
            switch (attribute)
            {
                case JsonPropertyNameAttribute json when !string.IsNullOrWhiteSpace(json.Name):
                    return json.Name;
                case ColumnAttribute { Name: { Length: > 0 } name }:
                    return name;
            }
        }

        return null;
    }
}
