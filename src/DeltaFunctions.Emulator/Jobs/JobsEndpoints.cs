using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DeltaFunctions.Emulator.Jobs;

/// <summary>Jobs API 2.1 and 2.2 (same paths under both prefixes; reference §3).</summary>
internal static class JobsEndpoints
{
    public static IEndpointRouteBuilder MapJobsEndpoints(this IEndpointRouteBuilder routes)
    {
        foreach (var version in new[] { "2.1", "2.2" })
        {
            var jobs = routes.MapGroup($"/api/{version}/jobs");
            jobs.MapPost("/create", async (HttpContext context, JobsService service) =>
            {
                var body = await ReadAsync(context);
                JsonShape.Check(body, JobsRequestShapes.Settings);
                body.Remove("access_control_list");
                return Json(new JsonObject { ["job_id"] = service.CreateJob(body, queueByDefault: version == "2.2") });
            });
            jobs.MapGet("/get", (HttpContext context, JobsService service) =>
            {
                var job = RenderJob(service.GetJob(JobsService.ParseId(context.Request.Query["job_id"], "job_id")), includeTasks: true);
                return Json(version == "2.2" ? PageArrays(job, (JsonObject)job["settings"]!, JobArrays, context) : job);
            });
            jobs.MapGet("/list", (HttpContext context, JobsService service) =>
            {
                var limit = Limit(context, max: 100, fallback: 20, zeroMeans: 20);
                var name = context.Request.Query["name"].ToString();
                var all = service.ListJobs(name.Length > 0 ? name : null);
                var (page, next) = PageToken.Slice(all, context.Request.Query["page_token"].ToString(), limit);
                var expand = IsTrue(context, "expand_tasks");
                var response = new JsonObject { ["has_more"] = next is not null };
                if (page.Count > 0)
                {
                    response["jobs"] = new JsonArray([.. page.Select(j => RenderJob(j, expand))]);
                }

                AddTokens(response, context, next, limit);
                return Json(response);
            });
            jobs.MapPost("/reset", async (HttpContext context, JobsService service) =>
            {
                var body = await ReadAsync(context);
                JsonShape.Check(body, JobsRequestShapes.Reset);
                var settings = body["new_settings"] as JsonObject ?? throw ApiException.InvalidParameter("new_settings is required.");
                service.ResetJob(JsonShape.RequiredLong(body, "job_id"), (JsonObject)settings.DeepClone());
                return Json([]);
            });
            jobs.MapPost("/update", async (HttpContext context, JobsService service) =>
            {
                var body = await ReadAsync(context);
                JsonShape.Check(body, JobsRequestShapes.Update);
                service.UpdateJob(JsonShape.RequiredLong(body, "job_id"), body["new_settings"] as JsonObject, body["fields_to_remove"] as JsonArray);
                return Json([]);
            });
            jobs.MapPost("/runs/cancel-all", async (HttpContext context, JobsService service) =>
            {
                var body = await ReadAsync(context);
                JsonShape.Check(body, JobsRequestShapes.CancelAll);
                service.CancelAll(JsonShape.Long(body, "job_id"), body["all_queued_runs"]?.GetValue<bool>() == true);
                return Json([]);
            });
            jobs.MapPost("/delete", async (HttpContext context, JobsService service) =>
            {
                service.DeleteJob(JsonShape.RequiredLong(await ReadAsync(context), "job_id"));
                return Json([]);
            });
            jobs.MapPost("/run-now", async (HttpContext context, JobsService service) =>
            {
                var body = await ReadAsync(context);
                JsonShape.Check(body, JobsRequestShapes.RunNow);
                var runId = service.RunNow(body, Origin(context));
                return Json(new JsonObject { ["run_id"] = runId, ["number_in_job"] = runId });
            });
            jobs.MapPost("/runs/submit", async (HttpContext context, JobsService service) =>
            {
                var body = await ReadAsync(context);
                JsonShape.Check(body, JobsRequestShapes.Submit);
                return Json(new JsonObject { ["run_id"] = service.Submit(body, Origin(context)) });
            });
            jobs.MapGet("/runs/get", (HttpContext context, JobsService service) =>
            {
                var run = service.Render(service.GetRun(JobsService.ParseId(context.Request.Query["run_id"], "run_id")), includeTasks: true);
                return Json(version == "2.2" ? PageArrays(run, run, RunArrays, context) : run);
            });
            jobs.MapGet("/runs/get-output", (HttpContext context, JobsService service) =>
            {
                var (run, task) = service.GetTaskRun(JobsService.ParseId(context.Request.Query["run_id"], "run_id"));
                return Json(service.RenderOutput(run, task));
            });
            jobs.MapGet("/runs/list", (HttpContext context, JobsService service) => Json(ListRuns(context, service)));
            jobs.MapPost("/runs/cancel", async (HttpContext context, JobsService service) =>
            {
                service.CancelRun(JsonShape.RequiredLong(await ReadAsync(context), "run_id"));
                return Json([]);
            });
            jobs.MapPost("/runs/delete", async (HttpContext context, JobsService service) =>
            {
                service.DeleteRun(JsonShape.RequiredLong(await ReadAsync(context), "run_id"));
                return Json([]);
            });
        }

        return routes;
    }

    private const int ArrayPageSize = 100;
    private static readonly string[] JobArrays = ["tasks", "job_clusters", "parameters", "environments"];
    private static readonly string[] RunArrays = ["tasks", "job_clusters", "job_parameters", "repair_history"];

    /// <summary>
    /// Jobs 2.2 caps the arrays of jobs/get and runs/get at 100 items and exposes a root <c>next_page_token</c>;
    /// the next call returns the following slice of each array (drained arrays come back empty; reference §3.6).
    /// </summary>
    private static JsonObject PageArrays(JsonObject root, JsonObject container, string[] names, HttpContext context)
    {
        var offset = PageToken.Decode(context.Request.Query["page_token"].ToString());
        var more = false;
        foreach (var name in names)
        {
            if (container[name] is not JsonArray array)
            {
                continue;
            }

            more |= array.Count > offset + ArrayPageSize;
            container[name] = new JsonArray([.. array.Skip(offset).Take(ArrayPageSize).Select(n => n?.DeepClone())]);
        }

        if (more)
        {
            root["next_page_token"] = PageToken.Encode(offset + ArrayPageSize);
        }

        return root;
    }

    private static JsonObject ListRuns(HttpContext context, JobsService service)
    {
        var activeOnly = IsTrue(context, "active_only");
        var completedOnly = IsTrue(context, "completed_only");
        if (activeOnly && completedOnly)
        {
            throw ApiException.InvalidParameter("active_only and completed_only cannot both be true.");
        }

        var limit = Limit(context, max: 25, fallback: 20, zeroMeans: 25);
        var jobIdText = context.Request.Query["job_id"].ToString();
        long? jobId = jobIdText.Length > 0 ? JobsService.ParseId(jobIdText, "job_id") : null;
        var runType = context.Request.Query["run_type"].ToString();
        var from = OptionalLong(context, "start_time_from");
        var to = OptionalLong(context, "start_time_to");
        var runs = service.ListRuns(jobId, runType.Length > 0 ? runType : null)
            .Where(r =>
            {
                var active = r.IsActive;
                return (!activeOnly || active) && (!completedOnly || !active)
                    && (from is null || r.StartTime >= from) && (to is null || r.StartTime < to);
            })
            .ToList();
        var (page, next) = PageToken.Slice(runs, context.Request.Query["page_token"].ToString(), limit);
        var expand = IsTrue(context, "expand_tasks");
        var response = new JsonObject { ["has_more"] = next is not null };
        if (page.Count > 0)
        {
            response["runs"] = new JsonArray([.. page.Select(r => service.Render(r, expand))]);
        }

        AddTokens(response, context, next, limit);
        return response;
    }

    private static void AddTokens(JsonObject response, HttpContext context, string? next, int limit)
    {
        if (next is not null)
        {
            response["next_page_token"] = next;
        }

        var offset = PageToken.Decode(context.Request.Query["page_token"].ToString());
        if (offset > 0)
        {
            response["prev_page_token"] = PageToken.Encode(Math.Max(0, offset - limit));
        }
    }

    private static int Limit(HttpContext context, int max, int fallback, int zeroMeans)
    {
        var text = context.Request.Query["limit"].ToString();
        if (text.Length == 0)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var limit) || limit < 0 || limit > max)
        {
            throw ApiException.InvalidParameter($"The limit must be between 0 and {max}; got {text}.");
        }

        return limit == 0 ? zeroMeans : limit;
    }

    private static long? OptionalLong(HttpContext context, string name)
    {
        var text = context.Request.Query[name].ToString();
        return text.Length > 0 ? JobsService.ParseId(text, name) : null;
    }

    private static bool IsTrue(HttpContext context, string name) =>
        string.Equals(context.Request.Query[name].ToString(), "true", StringComparison.OrdinalIgnoreCase);

    private static JsonObject RenderJob(JobRecord job, bool includeTasks)
    {
        var settings = (JsonObject)job.Settings.DeepClone();
        settings["format"] = "MULTI_TASK";
        if (!includeTasks)
        {
            settings.Remove("tasks");
        }

        return new JsonObject
        {
            ["job_id"] = job.JobId,
            ["creator_user_name"] = "emulator",
            ["run_as_user_name"] = "emulator",
            ["created_time"] = job.CreatedTime,
            ["settings"] = settings,
        };
    }

    private static async Task<JsonObject> ReadAsync(HttpContext context)
    {
        try
        {
            var body = await JsonShape.ReadObjectAsync(context.Request, context.RequestAborted);
            RequireValidText(body, string.Empty);
            return body;
        }
        catch (JsonException e)
        {
            throw new ApiException(400, "MALFORMED_REQUEST", $"Could not parse request body: {e.Message}");
        }
    }

    /// <summary>
    /// Refuses text that is not valid Unicode (a lone surrogate escape such as <c>\ud800</c>): jobs and runs are saved
    /// as JSON, which cannot carry it, so it is refused on the way in rather than breaking every later save.
    /// </summary>
    private static void RequireValidText(JsonNode? node, string path)
    {
        try
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (name, value) in obj)
                    {
                        RequireValidText(value, path.Length == 0 ? name : $"{path}.{name}");
                    }

                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        RequireValidText(array[i], $"{path}[{i}]");
                    }

                    break;
                case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                    _ = value.GetValue<string>();
                    break;
            }
        }
        catch (InvalidOperationException)
        {
            throw ApiException.InvalidParameter(
                $"Invalid value for field '{(path.Length == 0 ? "(body)" : path)}': the text is not valid Unicode (it holds a lone surrogate).");
        }
    }

    private static string Origin(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host}";

    private static IResult Json(JsonObject body) => Results.Json(body, EmulatorJsonContext.Default.JsonObject);
}
