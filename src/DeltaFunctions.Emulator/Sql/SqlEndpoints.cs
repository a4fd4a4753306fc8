using System.Text.Json;
using DeltaFunctions.Emulator.Auth;

namespace DeltaFunctions.Emulator.Sql;

/// <summary>SQL warehouses and the Statement Execution API 2.0 (reference §4), plus the external result links.</summary>
internal static class SqlEndpoints
{
    public static IEndpointRouteBuilder MapSqlEndpoints(this IEndpointRouteBuilder routes)
    {
        var warehouses = routes.MapGroup("/api/2.0/sql/warehouses");
        warehouses.MapGet(string.Empty, (HttpContext context, WarehouseRegistry registry) =>
            Results.Json(
                new WarehouseListResponse([.. registry.Ids.Select(id => registry.Describe(id, context.Request.Host.Host, context.Request.Host.Port ?? 80))]),
                EmulatorJsonContext.Default.WarehouseListResponse));
        warehouses.MapGet("/{id}", (string id, HttpContext context, WarehouseRegistry registry) =>
            Results.Json(registry.Describe(Require(registry, id), context.Request.Host.Host, context.Request.Host.Port ?? 80), EmulatorJsonContext.Default.WarehouseInfo));
        warehouses.MapPost("/{id}/start", (string id, WarehouseRegistry registry) =>
        {
            registry.Start(Require(registry, id));
            return Results.Json(EmptyBody.Instance, EmulatorJsonContext.Default.EmptyBody);
        });
        warehouses.MapPost("/{id}/stop", (string id, WarehouseRegistry registry) =>
        {
            registry.Stop(Require(registry, id));
            return Results.Json(EmptyBody.Instance, EmulatorJsonContext.Default.EmptyBody);
        });

        var statements = routes.MapGroup("/api/2.0/sql/statements");
        statements.MapPost(string.Empty, SubmitAsync);
        statements.MapGet("/{id}", (string id, HttpContext context, StatementManager manager) =>
            Results.Json(manager.Describe(manager.Get(id), Origin(context)), EmulatorJsonContext.Default.StatementResponse));
        statements.MapGet("/{id}/result/chunks/{index:int}", (string id, int index, HttpContext context, StatementManager manager) =>
            Results.Json(manager.Chunk(manager.Get(id), index, Origin(context)), EmulatorJsonContext.Default.ResultData));
        statements.MapPost("/{id}/cancel", async (string id, StatementManager manager) =>
        {
            await manager.CancelAsync(id);
            return Results.Json(EmptyBody.Instance, EmulatorJsonContext.Default.EmptyBody);
        });
        statements.MapDelete("/{id}", (string id, StatementManager manager) =>
        {
            manager.Close(id);
            return Results.Json(EmptyBody.Instance, EmulatorJsonContext.Default.EmptyBody);
        });

        // A presigned link carries its own authorization (its signature) and refuses a bearer token.
        routes.MapGet("/emulator/results/{signature}", DownloadChunk).AllowAnonymousAccess();
        return routes;
    }

    private static string Require(WarehouseRegistry registry, string id) => registry.Exists(id)
        ? id
        : throw ApiException.NotFound("RESOURCE_DOES_NOT_EXIST", $"Warehouse {id} does not exist.");

    private static string Origin(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host}";

    private static async Task<IResult> SubmitAsync(HttpContext context, StatementManager manager)
    {
        var request = await JsonSerializer.DeserializeAsync(context.Request.Body, EmulatorJsonContext.Default.ExecuteStatementRequest, context.RequestAborted)
            ?? throw ApiException.InvalidParameter("A request body is required.");
        var execution = manager.Submit(request);
        var wait = StatementManager.ParseWaitTimeout(request.WaitTimeout);
        if (wait > TimeSpan.Zero)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            var delay = Task.Delay(wait, manager.Time, timeout.Token);
            await Task.WhenAny(execution.Completion, delay);
            await timeout.CancelAsync();
            if (!execution.IsTerminal && request.OnWaitTimeout == "CANCEL")
            {
                await execution.Cancellation.CancelAsync();
                await execution.Completion;
            }
        }

        return Results.Json(manager.Describe(execution, Origin(context)), EmulatorJsonContext.Default.StatementResponse);
    }

    private static async Task<IResult> DownloadChunk(string signature, HttpContext context, ExternalLinkStore links, StatementManager manager)
    {
        // Presigned storage URLs carry their own authorization; a request that adds an Authorization header is refused.
        if (context.Request.Headers.ContainsKey("Authorization"))
        {
            return StorageError(400, "InvalidArgument", "Only one auth mechanism allowed; the Authorization header must not be sent with a presigned URL.");
        }

        var target = links.Find(signature);
        if (target is null)
        {
            return StorageError(403, "AccessDenied", "The signature is not valid.");
        }

        if (links.IsExpired(target))
        {
            return StorageError(403, "AccessDenied", "Request has expired.");
        }

        var chunk = manager.OpenChunk(target.StatementId, target.ChunkIndex);
        if (chunk is null)
        {
            return StorageError(404, "NoSuchKey", "The specified key does not exist.");
        }

        string contentType;
        try
        {
            contentType = manager.Get(target.StatementId).Format switch
            {
                "ARROW_STREAM" => "application/vnd.apache.arrow.stream",
                "CSV" => "text/csv",
                _ => "application/json",
            };
        }
        catch
        {
            await chunk.DisposeAsync();
            throw;
        }

        // Streamed from the chunk's file (Content-Length from its size), never read into memory whole. Ranges are
        // served as the cloud stores behind real links serve them: one satisfiable range is a 206 with Content-Range,
        // one past the end a 416, and a malformed or multi-range header the whole object (200), which is what a
        // client resuming a dropped download relies on.
        return Results.Stream(chunk, contentType, enableRangeProcessing: true);
    }

    private static IResult StorageError(int status, string code, string message) =>
        Results.Text($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message></Error>", "application/xml", statusCode: status);
}
