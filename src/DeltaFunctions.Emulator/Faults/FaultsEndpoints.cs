using System.Text.Json;
using DeltaFunctions.Emulator.Auth;

namespace DeltaFunctions.Emulator.Faults;

/// <summary>
/// Test control: arm, list and clear fault rules. Not part of Databricks; needs an accepted token unless
/// <see cref="EmulatorOptions.AllowAnonymousFaultApi"/> opens it.
/// </summary>
internal static class FaultsEndpoints
{
    public static IEndpointRouteBuilder MapFaultsEndpoints(this IEndpointRouteBuilder routes, EmulatorOptions options)
    {
        var faultApi = routes.MapGroup("/emulator/faults");
        if (options.AllowAnonymousFaultApi)
        {
            faultApi.AllowAnonymousAccess();
        }

        faultApi.MapPost(string.Empty, async (HttpContext context, FaultInjector faults) =>
        {
            var node = await JsonShape.ReadObjectAsync(context.Request, context.RequestAborted);
            if (node.Count == 0)
            {
                throw ApiException.InvalidParameter("A fault rule is required.");
            }

            IReadOnlyList<FaultRuleRequest> rules = node.ContainsKey("rules")
                ? node.Deserialize(EmulatorJsonContext.Default.FaultRulesRequest)?.Rules ?? []
                : [node.Deserialize(EmulatorJsonContext.Default.FaultRuleRequest)!];
            foreach (var rule in rules)
            {
                faults.Arm(rule);
            }

            return Results.Json(new FaultListResponse(faults.Snapshot()), EmulatorJsonContext.Default.FaultListResponse);
        });
        faultApi.MapGet(string.Empty, (FaultInjector faults) =>
            Results.Json(new FaultListResponse(faults.Snapshot()), EmulatorJsonContext.Default.FaultListResponse));
        faultApi.MapDelete(string.Empty, (FaultInjector faults) =>
        {
            faults.Clear();
            return Results.Json(EmptyBody.Instance, EmulatorJsonContext.Default.EmptyBody);
        });
        return routes;
    }
}
