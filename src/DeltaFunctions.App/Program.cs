using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// Placeholder host: the functions, AddDatabricks and the Pipelines services arrive with the App issue.
// HTTP functions use the worker's built-in HttpRequestData model, so no ASP.NET Core integration is configured.
var builder = FunctionsApplication.CreateBuilder(args);

builder.Build().Run();
