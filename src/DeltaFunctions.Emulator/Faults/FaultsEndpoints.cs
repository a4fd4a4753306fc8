using System.Text.Json;

namespace DeltaFunctions.Emulator.Faults;

/// <summary>Test control: arm, list and clear fault rules. Not part of Databricks; needs no token.</summary>
internal static class FaultsEndpoints
{
    public static IEndpointRouteBuilder MapFaultsEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/emulator/faults", async (HttpContext context, FaultInjector faults) =>
        {
            var node = await JsonSerializer.DeserializeAsync(context.Request.Body, EmulatorJsonContext.Default.JsonObject, context.RequestAborted)
                ?? throw ApiException.InvalidParameter("A fault rule is required.");
            IReadOnlyList<FaultRuleRequest> rules = node.ContainsKey("rules")
                ? node.Deserialize(EmulatorJsonContext.Default.FaultRulesRequest)?.Rules ?? []
                : [node.Deserialize(EmulatorJsonContext.Default.FaultRuleRequest)!];
            foreach (var rule in rules)
            {
                faults.Arm(rule);
            }

            return Results.Json(new FaultListResponse(faults.Snapshot()), EmulatorJsonContext.Default.FaultListResponse);
        });
        routes.MapGet("/emulator/faults", (FaultInjector faults) =>
            Results.Json(new FaultListResponse(faults.Snapshot()), EmulatorJsonContext.Default.FaultListResponse));
        routes.MapDelete("/emulator/faults", (FaultInjector faults) =>
        {
            faults.Clear();
            return Results.Json(EmptyBody.Instance, EmulatorJsonContext.Default.EmptyBody);
        });
        return routes;
    }
}
