using System.Text.Json.Serialization.Metadata;
using DeltaFunctions.App.Hosting;
using DeltaFunctions.App.Tests.Hosting;
using DeltaFunctions.Pipelines;
using DeltaFunctions.Pipelines.Handlers;
using DeltaFunctions.Pipelines.Jobs;
using DeltaFunctions.Pipelines.Merge;
using DeltaFunctions.Pipelines.Orchestration;
using DeltaFunctions.Pipelines.Sql;
using DeltaFunctions.Pipelines.Validation;
using YamlDotNet.RepresentationModel;

namespace DeltaFunctions.App.Tests.Docs;

/// <summary>Keeps docs/openapi.yaml honest against the App's HTTP triggers and the contracts the parser accepts.</summary>
public sealed class OpenApiDocumentTests
{
    private static readonly YamlMappingNode Document = Load();

    // Request contracts: their schemas must list exactly the JSON properties the parser accepts and mark exactly
    // the required ones required. Responses: exactly the properties written.
    private static readonly Type[] RequestTypes =
    [
        typeof(JobRunRequest), typeof(PollingSettings), typeof(JobStep), typeof(JobRunDefinition), typeof(JobTaskDefinition),
        typeof(NotebookTaskDefinition), typeof(SparkPythonTaskDefinition), typeof(SqlFileTaskDefinition),
        typeof(MergeRequest), typeof(MergeClauses), typeof(MergeDeleteCondition), typeof(SqlRequest), typeof(SqlParameter),
    ];

    private static readonly Type[] ResponseTypes =
    [
        typeof(MergeRequestResult), typeof(SqlRequestResult), typeof(SqlResultColumn), typeof(SqlResultReference), typeof(SqlResultPage),
        typeof(DryRunStatement),
    ];

    public static TheoryData<string> RequestTypeNames => [.. RequestTypes.Select(t => t.Name)];

    public static TheoryData<string> ResponseTypeNames => [.. ResponseTypes.Select(t => t.Name)];

    public static TheoryData<string> EnumTypeNames =>
        [nameof(PipelineExecutionMode), nameof(MergeMode), nameof(SourceFileFormat), nameof(MergeUpdateMode)];

    [Fact]
    public void Document_IsOpenApi30()
    {
        var version = Scalar(Document, "openapi");

        Assert.StartsWith("3.0.", version, StringComparison.Ordinal);
    }

    [Fact]
    public void Paths_EveryHttpTriggerOfTheApp_DeclaredWithItsMethod()
    {
        var triggers = RepositoryFiles.HttpTriggers();
        var paths = Map(Document, "paths");

        Assert.Equal(4, triggers.Count);
        Assert.All(triggers, trigger =>
        {
            var path = Assert.IsType<YamlMappingNode>(paths.Children[new YamlScalarNode("/" + trigger.Route)]);
            Assert.True(path.Children.ContainsKey(new YamlScalarNode(trigger.Method)), $"{trigger.Method} /{trigger.Route} is not in docs/openapi.yaml");
        });
    }

    [Fact]
    public void Paths_EveryDeclaredOperation_IsAnHttpTriggerOfTheApp()
    {
        var triggers = RepositoryFiles.HttpTriggers().Select(t => $"{t.Method} /{t.Route}").ToHashSet(StringComparer.Ordinal);

        var declared = Map(Document, "paths").Children
            .SelectMany(path => ((YamlMappingNode)path.Value).Children.Keys.Select(method => $"{method} {path.Key}"));

        Assert.All(declared, operation => Assert.Contains(operation, triggers));
    }

    [Fact]
    public void HttpTriggers_AllUseFunctionKeys()
    {
        var levels = RepositoryFiles.Functions().Where(f => f.TriggerType == "httpTrigger").Select(f => f.AuthLevel).ToList();

        Assert.Equal(4, levels.Count);
        Assert.All(levels, level => Assert.Equal("Function", level));
    }

    [Theory]
    [MemberData(nameof(RequestTypeNames))]
    public void RequestSchema_PropertiesAndRequired_MatchWhatTheParserAccepts(string typeName)
    {
        var type = RequestTypes.Single(t => t.Name == typeName);
        var info = TypeInfo(type);
        var schema = Schema(typeName);

        var properties = Map(schema, "properties").Children.Keys.Select(k => k.ToString()).Order(StringComparer.Ordinal);
        var required = schema.Children.TryGetValue(new YamlScalarNode("required"), out var node)
            ? ((YamlSequenceNode)node).Children.Select(n => n.ToString()).Order(StringComparer.Ordinal).ToArray()
            : [];

        Assert.Equal(info.Properties.Select(p => p.Name).Order(StringComparer.Ordinal), properties);
        Assert.Equal(info.Properties.Where(p => p.IsRequired).Select(p => p.Name).Order(StringComparer.Ordinal), required);
        Assert.Equal("false", Scalar(schema, "additionalProperties"));
    }

    [Theory]
    [MemberData(nameof(ResponseTypeNames))]
    public void ResponseSchema_Properties_MatchWhatIsWritten(string typeName)
    {
        var info = TypeInfo(ResponseTypes.Single(t => t.Name == typeName));

        var properties = Map(Schema(typeName), "properties").Children.Keys.Select(k => k.ToString()).Order(StringComparer.Ordinal);

        Assert.Equal(info.Properties.Select(p => p.Name).Order(StringComparer.Ordinal), properties);
    }

    [Fact]
    public void ProblemDetailsSchema_Properties_MatchWhatIsWritten()
    {
        var info = HostingJsonContext.Default.ProblemDetails;

        var properties = Map(Schema(nameof(ProblemDetails)), "properties").Children.Keys.Select(k => k.ToString()).Order(StringComparer.Ordinal);

        Assert.Equal(info.Properties.Select(p => p.Name).Order(StringComparer.Ordinal), properties);
    }

    [Fact]
    public void ProblemDetailsSchema_ReasonEnum_EveryHandlerReason()
    {
        var reasons = typeof(HandlerReasons).GetFields()
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!);

        var documented = ((YamlSequenceNode)Map(Map(Schema(nameof(ProblemDetails)), "properties"), "reason").Children[new YamlScalarNode("enum")])
            .Children.Select(n => n.ToString());

        Assert.Equal(reasons.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(EnumTypeNames))]
    public void EnumSchema_Values_AreTheEnumNames(string typeName)
    {
        var type = typeof(PipelinesJsonContext).Assembly.GetTypes().Single(t => t.IsEnum && t.Name == typeName);

        var values = ((YamlSequenceNode)Schema(typeName).Children[new YamlScalarNode("enum")]).Children.Select(n => n.ToString());

        Assert.Equal(Enum.GetNames(type), values);
    }

    [Fact]
    public void RequestExamples_ParsedByThePipelinesParser()
    {
        // The smallest bodies the schemas describe are accepted by the same parser the functions use.
        var job = PipelineRequestParser.ParseJobRunRequest("""{"jobs":[{"key":"load","jobId":42}]}""");
        var merge = PipelineRequestParser.ParseMergeRequest("""{"targetTable":"main.sales.orders","keys":["id"],"rows":[{"id":1}]}""");
        var sql = PipelineRequestParser.ParseSqlRequest("""{"statement":"SELECT :n AS n","parameters":[{"name":"n","value":"1","type":"INT"}]}""");

        Assert.True(job.IsValid, job.Validation.ToString());
        Assert.True(merge.IsValid, merge.Validation.ToString());
        Assert.True(sql.IsValid, sql.Validation.ToString());
    }

    private static JsonTypeInfo TypeInfo(Type type) =>
        PipelinesJsonContext.Default.GetTypeInfo(type) ?? throw new InvalidOperationException(type.Name + " is not in PipelinesJsonContext");

    private static YamlMappingNode Schema(string name) => Map(Map(Map(Document, "components"), "schemas"), name);

    private static YamlMappingNode Map(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child)
            ? (YamlMappingNode)child
            : throw new KeyNotFoundException($"'{key}' is missing from docs/openapi.yaml");

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? ((YamlScalarNode)child).Value : null;

    private static YamlMappingNode Load()
    {
        var stream = new YamlStream();
        using var reader = new StringReader(RepositoryFiles.Read(Path.Combine("docs", "openapi.yaml")));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }
}
