using DeltaFunctions.App.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Follows the isolated-worker guide (learn.microsoft.com "Guide for running C# Azure Functions in the isolated worker
// model") and the worker repo's samples/Net9FunctionApp: FunctionsApplication.CreateBuilder, Application Insights for
// the worker, no ConfigureFunctionsWebApplication (HTTP functions use the built-in HttpRequestData model).
var builder = FunctionsApplication.CreateBuilder(args);

builder.Services
    .AddApplicationInsightsTelemetryWorkerService()
    .ConfigureFunctionsApplicationInsights();

// The Application Insights provider keeps only Warning and above unless its default rule is removed (isolated guide,
// "Manage log levels"); host.json and the Logging section decide the levels instead.
builder.Logging.Services.Configure<LoggerFilterOptions>(options =>
{
    var defaultRule = options.Rules.FirstOrDefault(rule =>
        rule.ProviderName == "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider");
    if (defaultRule is not null)
    {
        options.Rules.Remove(defaultRule);
    }
});

// One serializer for HTTP payloads and every Durable input/output: the Durable extension uses WorkerOptions.Serializer
// as its data converter (Worker.Extensions.DurableTask DurableTaskExtensionStartup).
builder.Services.Configure<WorkerOptions>(options => options.Serializer = AppJson.Serializer);

// Every SQL statement an invocation runs carries the function name and invocation id as query tags.
builder.UseMiddleware<QueryTagsMiddleware>();

builder.Services.AddDatabricks(builder.Configuration);
builder.Services.AddDatabricksMetricsExport(builder.Configuration);
builder.Services.AddPipelines(builder.Configuration);
builder.Services.AddSingleton(_ => ServiceBusClients.Create(builder.Configuration));

builder.Build().Run();
