using System.Collections.Immutable;
using System.Collections.Specialized;
using System.Net;
using System.Security.Claims;
using System.Text;
using System.Web;
using Azure.Messaging.ServiceBus;
using DeltaFunctions.App.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DeltaFunctions.App.Tests.Functions;

/// <summary>The invocation context the worker hands a function: an invocation id and the app's services.</summary>
internal sealed class TestFunctionContext : FunctionContext
{
    public TestFunctionContext(string? invocationId = null, string? functionName = null)
    {
        InvocationId = invocationId ?? "inv-" + Guid.NewGuid().ToString("N")[..12];
        _functionName = functionName;
        var services = new ServiceCollection();
        services.Configure<WorkerOptions>(options => options.Serializer = AppJson.Serializer);
        InstanceServices = services.BuildServiceProvider();
    }

    public override string InvocationId { get; }

    public override string FunctionId => "test";

    public override TraceContext TraceContext => throw new NotSupportedException();

    public override BindingContext BindingContext => throw new NotSupportedException();

    public override RetryContext RetryContext => throw new NotSupportedException();

    public override IServiceProvider InstanceServices { get; set; }

    private readonly string? _functionName;

    public override FunctionDefinition FunctionDefinition => _functionName is null ? throw new NotSupportedException() : new TestFunctionDefinition(_functionName);

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override IInvocationFeatures Features => throw new NotSupportedException();
}

/// <summary>The definition of the invoked function: only its name is known.</summary>
internal sealed class TestFunctionDefinition(string name) : FunctionDefinition
{
    public override System.Collections.Immutable.ImmutableArray<FunctionParameter> Parameters => [];

    public override string PathToAssembly => typeof(TestFunctionDefinition).Assembly.Location;

    public override string EntryPoint => name;

    public override string Id => name;

    public override string Name => name;

    public override IImmutableDictionary<string, BindingMetadata> InputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;

    public override IImmutableDictionary<string, BindingMetadata> OutputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;
}

/// <summary>An HTTP request as the worker's built-in HttpRequestData model presents it.</summary>
internal sealed class TestHttpRequest : HttpRequestData
{
    private readonly byte[] _body;

    public TestHttpRequest(string method, string url, string? body = null, IEnumerable<KeyValuePair<string, string>>? headers = null, FunctionContext? context = null)
        : base(context ?? new TestFunctionContext())
    {
        Method = method;
        Url = new Uri(url);
        _body = Encoding.UTF8.GetBytes(body ?? string.Empty);
        Headers = [];
        foreach (var (name, value) in headers ?? [])
        {
            Headers.Add(name, value);
        }
    }

    public override Stream Body => new MemoryStream(_body, writable: false);

    public override HttpHeadersCollection Headers { get; }

    public override IReadOnlyCollection<IHttpCookie> Cookies => [];

    public override Uri Url { get; }

    public override IEnumerable<ClaimsIdentity> Identities => [];

    public override string Method { get; }

    public override NameValueCollection Query => HttpUtility.ParseQueryString(Url.Query);

    public override HttpResponseData CreateResponse() => new TestHttpResponse(FunctionContext);
}

/// <summary>The response a function writes; the test reads status, headers and body back.</summary>
internal sealed class TestHttpResponse(FunctionContext context) : HttpResponseData(context)
{
    public override HttpStatusCode StatusCode { get; set; }

    public override HttpHeadersCollection Headers { get; set; } = [];

    public override Stream Body { get; set; } = new MemoryStream();

    public override HttpCookies Cookies => throw new NotSupportedException();

    public string Header(string name) => Headers.TryGetValues(name, out var values) ? string.Join(",", values) : string.Empty;

    public string ReadBody()
    {
        Body.Position = 0;
        using var reader = new StreamReader(Body, Encoding.UTF8, leaveOpen: true);
        return reader.ReadToEnd();
    }
}

/// <summary>One settlement a function made.</summary>
internal sealed record Settlement(string Action, string MessageId, string? Reason = null, string? Description = null);

/// <summary>ServiceBusMessageActions that records each settlement instead of calling Service Bus.</summary>
internal sealed class RecordingMessageActions : ServiceBusMessageActions
{
    private readonly List<Settlement> _settlements = [];

    public IReadOnlyList<Settlement> Settlements => _settlements;

    public override Task CompleteMessageAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default)
    {
        _settlements.Add(new Settlement("Complete", message.MessageId));
        return Task.CompletedTask;
    }

    public override Task AbandonMessageAsync(ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify = null, CancellationToken cancellationToken = default)
    {
        _settlements.Add(new Settlement("Abandon", message.MessageId));
        return Task.CompletedTask;
    }

    public override Task DeadLetterMessageAsync(
        ServiceBusReceivedMessage message,
        Dictionary<string, object>? propertiesToModify = null,
        string? deadLetterReason = null,
        string? deadLetterErrorDescription = null,
        CancellationToken cancellationToken = default)
    {
        _settlements.Add(new Settlement("DeadLetter", message.MessageId, deadLetterReason, deadLetterErrorDescription));
        return Task.CompletedTask;
    }

    public override Task DeferMessageAsync(ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify = null, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("The functions never defer a message.");
}

/// <summary>Messages as the Service Bus trigger receives them.</summary>
internal static class Messages
{
    public static ServiceBusReceivedMessage Received(string body, string? messageId = null, int deliveryCount = 1, string? replyTo = null) =>
        ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: BinaryData.FromString(body),
            messageId: messageId ?? "msg-" + Guid.NewGuid().ToString("N")[..12],
            deliveryCount: deliveryCount,
            replyTo: replyTo);
}
