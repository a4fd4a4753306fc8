namespace DeltaFunctions.Databricks.Jobs;

/// <summary>
/// Builds a <see cref="SubmitRun"/> (one-time run). <see cref="Build"/> checks the task graph: at least one task,
/// unique keys, dependencies on known tasks, no cycles and no shared job clusters (one-time runs have none), before
/// any request is made. Tasks may carry a retry policy (<c>max_retries</c>, <c>min_retry_interval_millis</c>,
/// <c>retry_on_timeout</c> are fields of runs/submit's SubmitTask in Jobs API 2.2).
/// </summary>
public sealed class SubmitRunBuilder
{
    /// <summary>The longest idempotency token Databricks accepts.</summary>
    public const int MaxIdempotencyTokenLength = 64;

    private readonly List<JobTask> _tasks = [];
    private string? _runName;
    private int? _timeoutSeconds;
    private string? _idempotencyToken;
    private QueueSettings? _queue;
    private EmailNotifications? _notifications;
    private WebhookNotifications? _webhooks;
    private PerformanceTarget? _performanceTarget;

    /// <summary>Sets the run name.</summary>
    /// <param name="runName">The name.</param>
    /// <returns>This builder.</returns>
    public SubmitRunBuilder WithRunName(string runName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runName);
        _runName = runName;
        return this;
    }

    /// <summary>Adds a task.</summary>
    /// <param name="task">The task, for example from <see cref="JobTaskBuilder.Build"/>.</param>
    /// <returns>This builder.</returns>
    public SubmitRunBuilder AddTask(JobTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        _tasks.Add(task);
        return this;
    }

    /// <summary>Builds and adds a task.</summary>
    /// <param name="task">The task builder.</param>
    /// <returns>This builder.</returns>
    public SubmitRunBuilder AddTask(JobTaskBuilder task)
    {
        ArgumentNullException.ThrowIfNull(task);
        _tasks.Add(task.Build());
        return this;
    }

    /// <summary>Sets the timeout of the whole run.</summary>
    /// <param name="timeout">The timeout, in whole seconds; zero means none.</param>
    /// <returns>This builder.</returns>
    public SubmitRunBuilder WithTimeout(TimeSpan timeout)
    {
        _timeoutSeconds = JobTaskBuilder.ToSeconds(timeout, nameof(timeout));
        return this;
    }

    /// <summary>Sets the idempotency token; when not set, <see cref="JobsClient.SubmitRunAsync"/> generates one.</summary>
    /// <param name="token">At most 64 characters.</param>
    /// <returns>This builder.</returns>
    public SubmitRunBuilder WithIdempotencyToken(string token)
    {
        ValidateIdempotencyToken(token, nameof(token));
        _idempotencyToken = token;
        return this;
    }

    /// <summary>Turns queueing on or off.</summary>
    /// <param name="enabled">Whether the run waits in a queue when limits are reached.</param>
    /// <returns>This builder.</returns>
    public SubmitRunBuilder WithQueue(bool enabled)
    {
        _queue = new QueueSettings { Enabled = enabled };
        return this;
    }

    /// <summary>Sets the notification addresses.</summary>
    /// <param name="notifications">The addresses.</param>
    /// <returns>This builder.</returns>
    public SubmitRunBuilder WithEmailNotifications(EmailNotifications notifications)
    {
        _notifications = notifications;
        return this;
    }

    /// <summary>Sets the system destinations notified about the run (at most three per event, checked by <see cref="Build"/>).</summary>
    /// <param name="notifications">The destinations.</param>
    /// <returns>This builder.</returns>
    public SubmitRunBuilder WithWebhookNotifications(WebhookNotifications notifications)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        _webhooks = notifications;
        return this;
    }

    /// <summary>Sets the performance target of serverless compute for the run.</summary>
    /// <param name="target">For example <see cref="PerformanceTarget.PerformanceOptimized"/>.</param>
    /// <returns>This builder.</returns>
    public SubmitRunBuilder WithPerformanceTarget(PerformanceTarget target)
    {
        ArgumentException.ThrowIfNullOrEmpty(target.Value, nameof(target));
        _performanceTarget = target;
        return this;
    }

    /// <summary>Builds the run after checking every rule.</summary>
    /// <returns>The run.</returns>
    /// <exception cref="ArgumentException">The run is invalid; the message names the task and field.</exception>
    public SubmitRun Build()
    {
        var run = new SubmitRun
        {
            RunName = _runName,
            Tasks = [.. _tasks],
            TimeoutSeconds = _timeoutSeconds,
            IdempotencyToken = _idempotencyToken,
            Queue = _queue,
            EmailNotifications = _notifications,
            WebhookNotifications = _webhooks,
            PerformanceTarget = _performanceTarget,
        };
        Validate(run);
        return run;
    }

    /// <summary>Checks a one-time run, however it was made.</summary>
    /// <param name="run">The run.</param>
    /// <exception cref="ArgumentException">The run is invalid.</exception>
    internal static void Validate(SubmitRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        JobTaskValidator.ValidateGraph(run.Tasks ?? [], nameof(run));
        foreach (var task in run.Tasks!)
        {
            if (task.JobClusterKey is not null)
            {
                throw new ArgumentException(
                    $"Task '{task.TaskKey}' uses job cluster '{task.JobClusterKey}', but a one-time run has no job clusters; use a new or existing cluster.",
                    nameof(run));
            }
        }

        if (run.WebhookNotifications is { } webhooks)
        {
            WebhookNotifications.Validate(webhooks, nameof(run));
        }

        if (run.TimeoutSeconds is < 0)
        {
            throw new ArgumentException("timeout_seconds must be zero (none) or positive.", nameof(run));
        }

        if (run.IdempotencyToken is not null)
        {
            ValidateIdempotencyToken(run.IdempotencyToken, nameof(run));
        }
    }

    internal static void ValidateIdempotencyToken(string token, string parameterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token, parameterName);
        if (token.Length > MaxIdempotencyTokenLength)
        {
            throw new ArgumentException($"The idempotency token is {token.Length} characters long; Databricks accepts at most {MaxIdempotencyTokenLength}.", parameterName);
        }
    }
}
