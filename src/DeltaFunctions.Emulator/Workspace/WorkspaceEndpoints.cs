using System.Text.Json;

namespace DeltaFunctions.Emulator.Workspace;

/// <summary>The Workspace API for notebooks: import, get-status, list, export, mkdirs and delete.</summary>
internal static class WorkspaceEndpoints
{
    public static IEndpointRouteBuilder MapWorkspaceEndpoints(this IEndpointRouteBuilder routes)
    {
        var workspace = routes.MapGroup("/api/2.0/workspace");
        workspace.MapPost("/import", async (HttpContext context, WorkspaceStore store) =>
        {
            var request = await JsonSerializer.DeserializeAsync(context.Request.Body, EmulatorJsonContext.Default.WorkspaceImportRequest, context.RequestAborted)
                ?? throw ApiException.InvalidParameter("A request body is required.");
            store.Import(request);
            return Results.Json(EmptyBody.Instance, EmulatorJsonContext.Default.EmptyBody);
        });
        workspace.MapGet("/get-status", (HttpContext context, WorkspaceStore store) =>
            Results.Json(store.GetStatus(context.Request.Query["path"].ToString()), EmulatorJsonContext.Default.WorkspaceObjectInfo));
        workspace.MapGet("/list", (HttpContext context, WorkspaceStore store) =>
        {
            var objects = store.List(context.Request.Query["path"].ToString());
            return Results.Json(new WorkspaceListResponse(objects.Count > 0 ? objects : null), EmulatorJsonContext.Default.WorkspaceListResponse);
        });
        workspace.MapGet("/export", (HttpContext context, WorkspaceStore store) =>
            Results.Json(store.Export(context.Request.Query["path"].ToString()), EmulatorJsonContext.Default.WorkspaceExportResponse));
        workspace.MapPost("/mkdirs", async (HttpContext context, WorkspaceStore store) =>
        {
            var request = await JsonSerializer.DeserializeAsync(context.Request.Body, EmulatorJsonContext.Default.WorkspacePathRequest, context.RequestAborted);
            store.Mkdirs(request?.Path);
            return Results.Json(EmptyBody.Instance, EmulatorJsonContext.Default.EmptyBody);
        });
        workspace.MapPost("/delete", async (HttpContext context, WorkspaceStore store) =>
        {
            var request = await JsonSerializer.DeserializeAsync(context.Request.Body, EmulatorJsonContext.Default.WorkspacePathRequest, context.RequestAborted);
            store.Delete(request?.Path, request?.Recursive == true);
            return Results.Json(EmptyBody.Instance, EmulatorJsonContext.Default.EmptyBody);
        });
        return routes;
    }
}
