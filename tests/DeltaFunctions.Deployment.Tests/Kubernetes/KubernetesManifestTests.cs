using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using DeltaFunctions.Deployment.Tests.Infra;
using DeltaFunctions.TestUtilities;
using Json.Schema;

namespace DeltaFunctions.Deployment.Tests.Kubernetes;

/// <summary>
/// k8s/: the manifests against the schema in k8s/schemas (Kubernetes core/apps and KEDA objects, strict), against each
/// other (names they reference exist) and against the settings the App reads; the Dockerfile against the repository.
/// </summary>
public sealed partial class KubernetesManifestTests
{
    private static readonly string[] RequestQueues = ["merge-requests", "sql-requests", "job-requests"];

    private static readonly JsonSchema Schema = JsonSchema.FromText(RepositoryRoot.ReadAllText("k8s/schemas/manifests.schema.json"));

    public static TheoryData<string> ManifestFiles() =>
        [.. Directory.EnumerateFiles(RepositoryRoot.Combine("k8s/manifests"), "*.yaml").Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal)];

    private static List<JsonObject> Manifests() =>
        [.. Directory.EnumerateFiles(RepositoryRoot.Combine("k8s/manifests"), "*.yaml").Order(StringComparer.Ordinal)
            .SelectMany(file => YamlDocuments.Parse(File.ReadAllText(file))).Select(d => d!.AsObject())];

    private static JsonObject Single(string kind) => Manifests().Single(m => m["kind"]!.GetValue<string>() == kind);

    private static IReadOnlyList<string> Problems(JsonNode manifest)
    {
        using var document = JsonDocument.Parse(manifest.ToJsonString());
        var result = Schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return result.IsValid
            ? []
            : [.. (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))];
    }

    [Theory]
    [MemberData(nameof(ManifestFiles))]
    public void Manifest_EveryDocument_ValidatesAgainstTheSchema(string file)
    {
        var documents = YamlDocuments.Parse(RepositoryRoot.ReadAllText("k8s/manifests/" + file));

        Assert.NotEmpty(documents);
        Assert.All(documents, document => Assert.Empty(Problems(document!)));
    }

    [Theory]
    [InlineData("/spec/replica", "2")]
    [InlineData("/spec/replicas", "\"two\"")]
    [InlineData("/spec/template/spec/containers/0/imagePullPolicy", "\"Sometimes\"")]
    [InlineData("/spec/template/spec/containers/0/envFrom/0/configMapRef/nam", "\"x\"")]
    [InlineData("/metadata/name", "\"Not_A_DNS_Name\"")]
    public void Schema_DeploymentWithAMistake_IsRejected(string pointer, string json)
    {
        var deployment = Single("Deployment").DeepClone().AsObject();
        var segments = pointer.Trim('/').Split('/');
        var parent = segments[..^1].Aggregate((JsonNode)deployment, (node, segment) => int.TryParse(segment, out var i) ? node[i]! : node[segment]!);

        parent[segments[^1]] = JsonNode.Parse(json);

        Assert.NotEmpty(Problems(deployment));
    }

    [Fact]
    public void Schema_UnknownKindOrTriggerWithoutMetadata_IsRejected()
    {
        var unknown = JsonNode.Parse("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x","namespace":"y"}}""")!;
        var scaledObject = Single("ScaledObject").DeepClone().AsObject();
        scaledObject["spec"]!["triggers"]![0]!.AsObject().Remove("metadata");

        Assert.NotEmpty(Problems(unknown));
        Assert.NotEmpty(Problems(scaledObject));
    }

    [Fact]
    public void Manifests_ReferenceOnlyObjectsThatExist_InOneNamespace()
    {
        var manifests = Manifests();
        var deployment = Single("Deployment");
        var pod = deployment["spec"]!["template"]!;
        var scaledObject = Single("ScaledObject");
        string NameOf(string kind) => Single(kind)["metadata"]!["name"]!.GetValue<string>();

        Assert.All(manifests.Where(m => m["kind"]!.GetValue<string>() != "Namespace"), m => Assert.Equal(NameOf("Namespace"), m["metadata"]!["namespace"]!.GetValue<string>()));
        Assert.Equal(NameOf("ServiceAccount"), pod["spec"]!["serviceAccountName"]!.GetValue<string>());
        Assert.Equal(NameOf("ConfigMap"), pod["spec"]!["containers"]![0]!["envFrom"]![0]!["configMapRef"]!["name"]!.GetValue<string>());
        Assert.Equal(NameOf("Secret"), pod["spec"]!["containers"]![0]!["envFrom"]![1]!["secretRef"]!["name"]!.GetValue<string>());
        Assert.All(deployment["spec"]!["selector"]!["matchLabels"]!.AsObject(), label => Assert.Equal(label.Value!.GetValue<string>(), pod["metadata"]!["labels"]![label.Key]!.GetValue<string>()));
        Assert.All(Single("Service")["spec"]!["selector"]!.AsObject(), label => Assert.Equal(label.Value!.GetValue<string>(), pod["metadata"]!["labels"]![label.Key]!.GetValue<string>()));
        Assert.Equal("true", pod["metadata"]!["labels"]!["azure.workload.identity/use"]!.GetValue<string>());
        Assert.Equal(NameOf("Deployment"), scaledObject["spec"]!["scaleTargetRef"]!["name"]!.GetValue<string>());
        Assert.All(scaledObject["spec"]!["triggers"]!.AsArray(), t => Assert.Equal(NameOf("TriggerAuthentication"), t!["authenticationRef"]!["name"]!.GetValue<string>()));
        Assert.Equal("azure-workload", Single("TriggerAuthentication")["spec"]!["podIdentity"]!["provider"]!.GetValue<string>());
    }

    [Fact]
    public void ScaledObject_ScalesOnTheThreeRequestQueues_AndKeepsOneReplicaForDurable()
    {
        var spec = Single("ScaledObject")["spec"]!;
        var triggers = spec["triggers"]!.AsArray().Select(t => t!).ToList();
        var namespaceHost = Single("ConfigMap")["data"]!["ServiceBusConnection__fullyQualifiedNamespace"]!.GetValue<string>();
        using var host = JsonDocument.Parse(RepositoryRoot.ReadAllText("host.json"));
        var maxConcurrentCalls = host.RootElement.GetProperty("extensions").GetProperty("serviceBus").GetProperty("maxConcurrentCalls").GetInt32();

        Assert.Equal(RequestQueues, triggers.Select(t => t["metadata"]!["queueName"]!.GetValue<string>()));
        Assert.All(triggers, t => Assert.Equal("azure-servicebus", t["type"]!.GetValue<string>()));
        Assert.All(triggers, t => Assert.Equal(namespaceHost, t["metadata"]!["namespace"]!.GetValue<string>() + ".servicebus.windows.net"));
        Assert.All(triggers, t => Assert.Equal(maxConcurrentCalls.ToString(System.Globalization.CultureInfo.InvariantCulture), t["metadata"]!["messageCount"]!.GetValue<string>()));
        Assert.Equal(1, spec["minReplicaCount"]!.GetValue<long>());
    }

    [Fact]
    public void ConfigMapAndSecret_SetEverySettingTheAppReads_WithNoSecretInTheConfigMap()
    {
        var data = Single("ConfigMap")["data"]!.AsObject();
        var secret = Single("Secret")["stringData"]!.AsObject();
        var keys = data.Select(p => p.Key).Concat(secret.Select(p => p.Key)).ToHashSet(StringComparer.Ordinal);

        var missing = AppSettingsTheAppReads.MissingFrom(keys);

        Assert.Empty(missing);
        Assert.Equal("dotnet-isolated", data["FUNCTIONS_WORKER_RUNTIME"]!.GetValue<string>());
        Assert.All(["DATABRICKS_TOKEN", "DATABRICKS_CLIENT_SECRET", "AZURE_CLIENT_SECRET"], name => Assert.False(data.ContainsKey(name), $"{name} belongs in the Secret"));
        Assert.All(secret, p => Assert.Equal(string.Empty, p.Value!.GetValue<string>()));
        Assert.DoesNotContain(data, p => p.Key is "AzureWebJobsStorage" or "ServiceBusConnection");
    }

    [Fact]
    public void Dockerfile_CopiesExistingFiles_CoveringTheAppAndEveryProjectItBuildsFrom()
    {
        var dockerfile = RepositoryRoot.ReadAllText("k8s/Dockerfile");
        var ignored = RepositoryRoot.ReadAllText(".dockerignore").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var copied = Copy().Matches(dockerfile).Where(m => !m.Value.Contains("--from", StringComparison.Ordinal))
            .SelectMany(m => m.Groups["sources"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();

        Assert.NotEmpty(copied);
        Assert.All(copied, source => Assert.True(File.Exists(RepositoryRoot.Combine(source)) || Directory.Exists(RepositoryRoot.Combine(source)), $"COPY {source}: not in the build context"));
        Assert.All(copied, source => Assert.DoesNotContain(ignored, pattern => source.TrimEnd('/') == pattern.TrimEnd('/')));
        var needed = ProjectClosure("src/DeltaFunctions.App/DeltaFunctions.App.csproj").ToList();
        Assert.Contains("src/DeltaFunctions.Databricks/", needed);
        Assert.All(needed, path => Assert.Contains(copied, source => path == source || path.StartsWith(source, StringComparison.Ordinal) && source.EndsWith('/')));
        Assert.Contains("FROM mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated10.0", dockerfile, StringComparison.Ordinal);
        Assert.Contains("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", dockerfile, StringComparison.Ordinal);
    }

    /// <summary>
    /// What building a project reads from the repository: its folder, the folders of the projects it references (all
    /// the way down), every Directory.Build.props above them with the files those add, and the files its project file
    /// includes from outside its folder (host.json).
    /// </summary>
    private static IEnumerable<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current))
            {
                continue;
            }

            var folder = Path.GetDirectoryName(current)!.Replace('\\', '/');
            yield return folder + "/";
            foreach (var include in XDocument.Parse(RepositoryRoot.ReadAllText(current)).Descendants().Select(e => e.Attribute("Include")?.Value).OfType<string>())
            {
                var path = Path.GetRelativePath(RepositoryRoot.Path, RepositoryRoot.Combine(folder + "/" + include.Replace('\\', '/'))).Replace('\\', '/');
                if (include.EndsWith(".csproj", StringComparison.Ordinal))
                {
                    pending.Push(path);
                }
                else if (include.StartsWith("..", StringComparison.Ordinal))
                {
                    yield return path;
                }
            }
        }

        yield return "Directory.Build.props";
        yield return "Directory.Packages.props";
        yield return "global.json";
        yield return "src/Directory.Build.props";
        yield return "src/BannedSymbols.txt";
    }

    [GeneratedRegex(@"^COPY\s+(?<flags>(--\S+\s+)*)(?<sources>.+?)\s+\S+\s*$", RegexOptions.Multiline)]
    private static partial Regex Copy();
}
