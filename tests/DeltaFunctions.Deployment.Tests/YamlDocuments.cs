using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DeltaFunctions.Deployment.Tests;

/// <summary>Reads YAML files (alert rules, manifests, workflows) as JSON nodes, typing plain scalars the YAML 1.2 core way.</summary>
internal static class YamlDocuments
{
    /// <summary>Every document of a YAML text.</summary>
    public static IReadOnlyList<JsonNode?> Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return [.. stream.Documents.Select(d => Convert(d.RootNode))];
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(p =>
            KeyValuePair.Create(((YamlScalarNode)p.Key).Value!, Convert(p.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(Convert)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new InvalidOperationException($"Unsupported YAML node at {node.Start}"),
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? string.Empty;
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(value);
        }

        return value switch
        {
            "" or "~" or "null" => null,
            "true" => JsonValue.Create(true),
            "false" => JsonValue.Create(false),
            _ when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) => JsonValue.Create(integer),
            _ when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && value.Any(char.IsDigit) => JsonValue.Create(number),
            _ => JsonValue.Create(value),
        };
    }
}
