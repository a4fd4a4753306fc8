using System.Text.Json.Nodes;

namespace DeltaFunctions.Deployment.Tests.Infra;

/// <summary>Reads a compiled ARM template, nested module deployments included.</summary>
internal sealed class ArmTemplate(JsonObject root)
{
    /// <summary>Gets the compiled template.</summary>
    public JsonObject Root { get; } = root;

    /// <summary>Every resource of the template and of its nested module templates, with the template declaring it.</summary>
    public IEnumerable<(JsonObject Resource, JsonObject Template)> Resources() => Walk(Root);

    /// <summary>The resources of one type (case-insensitive, as ARM compares types).</summary>
    public IEnumerable<(JsonObject Resource, JsonObject Template)> OfType(string type) =>
        Resources().Where(r => string.Equals(r.Resource["type"]!.GetValue<string>(), type, StringComparison.OrdinalIgnoreCase));

    /// <summary>The one module deployment named <paramref name="name"/> in the root template.</summary>
    public JsonObject Module(string name) =>
        Root["resources"]!.AsArray().Select(r => r!.AsObject())
            .Single(r => r["type"]!.GetValue<string>() == "Microsoft.Resources/deployments" && r["name"]!.GetValue<string>() == name);

    /// <summary>Every string anywhere in the template (expressions included).</summary>
    public IEnumerable<string> Strings() => StringsIn(Root);

    private static IEnumerable<(JsonObject, JsonObject)> Walk(JsonObject template)
    {
        // languageVersion 2.0 templates (modules that import from roles.bicep) key their resources by symbolic name.
        var resources = template["resources"] is JsonObject symbolic
            ? symbolic.Select(p => p.Value!.AsObject())
            : template["resources"]!.AsArray().Select(r => r!.AsObject());
        foreach (var resource in resources.Where(r => r["existing"]?.GetValue<bool>() != true))
        {
            yield return (resource, template);
            if (resource["type"]!.GetValue<string>() == "Microsoft.Resources/deployments")
            {
                foreach (var nested in Walk(resource["properties"]!["template"]!.AsObject()))
                {
                    yield return nested;
                }
            }
        }
    }

    private static IEnumerable<string> StringsIn(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => StringsIn(p.Value)),
        JsonArray a => a.SelectMany(StringsIn),
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        _ => [],
    };
}
