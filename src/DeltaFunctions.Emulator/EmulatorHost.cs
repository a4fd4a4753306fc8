using DeltaFunctions.Emulator.Auth;
using DeltaFunctions.Emulator.Catalog;
using DeltaFunctions.Emulator.Faults;
using DeltaFunctions.Emulator.Files;
using DeltaFunctions.Emulator.Jobs;
using DeltaFunctions.Emulator.Sql;
using DeltaFunctions.Emulator.Workspace;
using DeltaFunctions.Lakehouse;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace DeltaFunctions.Emulator;

/// <summary>
/// A running emulator: a local Databricks workspace served over real HTTP by Kestrel on top of the Lakehouse engine.
/// Start one with <see cref="StartAsync"/>; dispose it to stop.
/// </summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmulatorHost(WebApplication app, Uri baseAddress, IReadOnlyList<string> tokens, EmulatorOptions options, LakehouseEngine engine)
    {
        _app = app;
        BaseAddress = baseAddress;
        Tokens = tokens;
        Options = options;
        Engine = engine;
    }

    /// <summary>Gets the workspace URL, for example <c>http://127.0.0.1:8080/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Gets the personal access tokens the emulator accepts (the generated development token when none were given).</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>Gets the first accepted personal access token.</summary>
    public string Token => Tokens[0];

    /// <summary>Gets the id of the default SQL warehouse.</summary>
    public string WarehouseId => Options.WarehouseId;

    /// <summary>Gets the settings the emulator runs with.</summary>
    public EmulatorOptions Options { get; }

    /// <summary>Gets the Lakehouse engine behind the SQL, Jobs, Unity Catalog and Files APIs.</summary>
    public LakehouseEngine Engine { get; }

    /// <summary>Gets the folder that holds the workspace files (notebooks); SQL notebooks are <c>.sql</c> files here.</summary>
    public string WorkspaceDirectory => Path.Combine(Path.GetFullPath(Options.DataDirectory), "workspace");

    /// <summary>
    /// Gets every statement submission so far, oldest first, refused ones included: which warehouse, result shape and
    /// query tags each carried, and its statement id or error code.
    /// </summary>
    public IReadOnlyList<EmulatorStatementSubmission> StatementSubmissions => _app.Services.GetRequiredService<StatementManager>().Submissions;

    /// <summary>Starts an emulator and returns once it accepts requests.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running emulator.</returns>
    public static async Task<EmulatorHost> StartAsync(EmulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var tokens = options.Tokens.Count > 0 ? options.Tokens : [TokenService.NewPersonalToken()];
        if ((options.ClientId is null) != (options.ClientSecret is null))
        {
            throw new ArgumentException("ClientId and ClientSecret go together: set both or neither.", nameof(options));
        }

        if (options.ResultChunkRows <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ResultChunkRows, "ResultChunkRows must be positive.");
        }

        var time = options.TimeProvider ?? TimeProvider.System;

        // Checks the warehouse list (ids unique) before anything is created that would need disposing.
        var warehouses = new WarehouseRegistry(options, time);
        var root = Path.GetFullPath(options.DataDirectory);
        var workspaceRoot = Path.Combine(root, "workspace");
        Directory.CreateDirectory(workspaceRoot);

        // Read the saved jobs and runs first: a file that cannot be read stops the start with one error naming it.
        var jobsStore = new JobsStore(Path.Combine(root, "_emulator", "jobs.json"));
        var savedJobs = jobsStore.Load();
        var engine = new LakehouseEngine(new LakehouseOptions { DataDirectory = Path.Combine(root, "catalogs") }, time);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(EmulatorHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseUrls(options.Urls);

        // The Files API takes uploads up to 5 GiB (reference §5); Kestrel's default cap is 30 MB.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 5L * 1024 * 1024 * 1024);
        builder.Logging.ClearProviders();
        if (options.ConsoleLogging)
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        }

        // The emulator's clock is passed by hand rather than registered as TimeProvider, so ASP.NET Core and Kestrel
        // keep the system clock even when tests drive the emulator with a fake one.
        var links = new ExternalLinkStore(options, time);
        var workspace = new WorkspaceStore(workspaceRoot);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(engine);
        builder.Services.AddSingleton(new TokenService(options, tokens, time));
        builder.Services.AddSingleton(new FaultInjector());
        builder.Services.AddSingleton(warehouses);
        builder.Services.AddSingleton(links);
        builder.Services.AddSingleton(new StatementManager(engine, warehouses, links, options, time));
        builder.Services.AddSingleton(workspace);
        var jobs = new JobsService(engine, workspace, options, time, jobsStore);
        if (savedJobs is not null)
        {
            jobs.Restore(savedJobs);
        }

        builder.Services.AddSingleton(jobs);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, EmulatorJsonContext.Default));

        var app = builder.Build();
        app.UseMiddleware<FaultInjectionMiddleware>();
        app.UseMiddleware<ErrorHandlingMiddleware>();

        // Routing runs before authentication so the token check is decided on the endpoint routing chose.
        app.UseRouting();
        app.UseMiddleware<AuthenticationMiddleware>();
        app.MapAuthEndpoints();
        app.MapFaultsEndpoints(options);
        app.MapSqlEndpoints();
        app.MapJobsEndpoints();
        app.MapCatalogEndpoints();
        app.MapFilesEndpoints();
        app.MapWorkspaceEndpoints();
        app.MapFallback((Microsoft.AspNetCore.Http.HttpContext context) =>
            throw ApiException.NotFound("ENDPOINT_NOT_FOUND", $"No API found for '{context.Request.Method} {context.Request.Path}'"));

        try
        {
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var host = new EmulatorHost(app, new Uri(address.TrimEnd('/') + "/"), tokens, options, engine);
            if (options.SeedDemo)
            {
                await DemoSeed.SeedAsync(engine, app.Services.GetRequiredService<WorkspaceStore>(), cancellationToken);
            }

            return host;
        }
        catch
        {
            await app.DisposeAsync();
            engine.Dispose();
            throw;
        }
    }

    /// <summary>Waits until the emulator is stopped (Ctrl+C or <paramref name="cancellationToken"/>).</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes on shutdown.</returns>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // Stop the background work first so nothing touches the engine after it is disposed.
        await _app.Services.GetRequiredService<JobsService>().StopAllAsync(TimeSpan.FromSeconds(5));
        await _app.Services.GetRequiredService<StatementManager>().StopAllAsync(TimeSpan.FromSeconds(5));
        await _app.StopAsync();
        await _app.DisposeAsync();
        Engine.Dispose();
    }
}
