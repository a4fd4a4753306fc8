using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DeltaFunctions.TestUtilities;

namespace DeltaFunctions.Deployment.Tests.Infra;

/// <summary>.github/workflows/deploy.yml: pinned actions, OIDC login, the template and parameter file it deploys.</summary>
public sealed partial class DeployWorkflowTests
{
    private static JsonObject Workflow() => YamlDocuments.Parse(RepositoryRoot.ReadAllText(".github/workflows/deploy.yml")).Single()!.AsObject();

    private static IEnumerable<JsonObject> Steps(JsonObject workflow) =>
        workflow["jobs"]!.AsObject().SelectMany(job => job.Value!["steps"]!.AsArray()).Select(s => s!.AsObject());

    [Fact]
    public void Actions_ArePinnedToFullCommitShas()
    {
        var uses = Steps(Workflow()).Select(s => s["uses"]?.GetValue<string>()).OfType<string>().ToList();

        Assert.NotEmpty(uses);
        Assert.All(uses, action => Assert.Matches(PinnedAction(), action));
        Assert.Contains(uses, action => action.StartsWith("azure/login@", StringComparison.Ordinal));
    }

    [Fact]
    public void DeployJob_LogsInWithOidc_ToTheChosenEnvironment_AndDeploysTemplateThenPackage()
    {
        var workflow = Workflow();
        var deploy = workflow["jobs"]!["deploy"]!.AsObject();
        var login = Steps(workflow).Single(s => s["uses"]?.GetValue<string>().StartsWith("azure/login@", StringComparison.Ordinal) == true)["with"]!.AsObject();
        var scripts = string.Join('\n', deploy["steps"]!.AsArray().Select(s => s!["run"]?.GetValue<string>()).OfType<string>());

        Assert.Equal("write", deploy["permissions"]!["id-token"]!.GetValue<string>());
        Assert.Equal("${{ github.event.inputs.environment || 'dev' }}", deploy["environment"]!["name"]!.GetValue<string>());
        Assert.Equal(["client-id", "tenant-id", "subscription-id"], login.Select(p => p.Key));
        Assert.Equal(["dev", "prod"], workflow["on"]!["workflow_dispatch"]!["inputs"]!["environment"]!["options"]!.AsArray().Select(o => o!.GetValue<string>()));
        Assert.Contains("--template-file infra/main.bicep", scripts, StringComparison.Ordinal);
        Assert.Contains("--parameters \"infra/main.$ENVIRONMENT.bicepparam\"", scripts, StringComparison.Ordinal);
        Assert.True(scripts.IndexOf("az deployment group create", StringComparison.Ordinal) < scripts.IndexOf("config-zip", StringComparison.Ordinal), "the infrastructure is deployed before the package");
    }

    [GeneratedRegex("^[A-Za-z0-9-]+/[A-Za-z0-9._-]+@[0-9a-f]{40}$")]
    private static partial Regex PinnedAction();
}
