namespace DeltaFunctions.Databricks.Jobs;

/// <summary>
/// Builds <see cref="JobSettings"/> for a saved job. <see cref="Build"/> checks the task graph (unique keys,
/// known dependencies, no cycles), that every <c>job_cluster_key</c> names a declared job cluster, and the
/// continuous-job rules (not with a schedule; no task dependencies or retry policies), before any request.
/// </summary>
public sealed class JobSettingsBuilder
{
    /// <summary>The most tags a job may carry.</summary>
    public const int MaxTags = 25;

    /// <summary>The most concurrent runs a job may allow.</summary>
    public const int MaxConcurrentRunsLimit = 1000;

    private readonly List<JobTask> _tasks = [];
    private readonly List<JobCluster> _jobClusters = [];
    private readonly List<JobParameterDefinition> _parameters = [];
    private readonly Dictionary<string, string> _tags = new(StringComparer.Ordinal);
    private readonly string _name;
    private string? _description;
    private int? _timeoutSeconds;
    private int? _maxConcurrentRuns;
    private CronSchedule? _schedule;
    private ContinuousSettings? _continuous;
    private QueueSettings? _queue;
    private EmailNotifications? _notifications;
    private WebhookNotifications? _webhooks;
    private PerformanceTarget? _performanceTarget;

    /// <summary>Starts job settings.</summary>
    /// <param name="name">The job name.</param>
    public JobSettingsBuilder(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _name = name;
    }

    /// <summary>Sets the description.</summary>
    /// <param name="description">The description.</param>
    /// <returns>This builder.</returns>
    public JobSettingsBuilder WithDescription(string description)
    {
        _description = description;
        return this;
    }

    /// <summary>Adds a task.</summary>
    /// <param name="task">The task.</param>
    /// <returns>This builder.</returns>
    public JobSettingsBuilder AddTask(JobTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        _tasks.Add(task);
        return this;
    }

    /// <summary>Builds and adds a task.</summary>
    /// <param name="task">The task builder.</param>
    /// <returns>This builder.</returns>
    public JobSettingsBuilder AddTask(JobTaskBuilder task)
    {
        ArgumentNullException.ThrowIfNull(task);
        _tasks.Add(task.Build());
        return this;
    }

    /// <summary>Declares a cluster shared by tasks that name its key.</summary>
    /// <param name="jobClusterKey">The key.</param>
    /// <param name="cluster">The spec.</param>
    /// <returns>This builder.</returns>
    public JobSettingsBuilder AddJobCluster(string jobClusterKey, ClusterSpec cluster)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobClusterKey);
        ArgumentNullException.ThrowIfNull(cluster);
        cluster.Validate(nameof(cluster));
        _jobClusters.Add(new JobCluster { JobClusterKey = jobClusterKey, NewCluster = cluster });
        return this;
    }

    /// <summary>Declares a job-level parameter.</summary>
    /// <param name="name">The name.</param>
    /// <param name="defaultValue">The default value.</param>
    /// <returns>This builder.</returns>
    public JobSettingsBuilder WithParameter(string name, string defaultValue)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(defaultValue);
        if (_parameters.Any(p => p.Name == name))
        {
            throw new ArgumentException($"Job parameter '{name}' is declared twice.", nameof(name));
        }

        _parameters.Add(new JobParameterDefinition { Name = name, Default = defaultValue });
        return this;
    }

    /// <summary>Sets a tag.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    public JobSettingsBuilder WithTag(string key, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(value);
        _tags[key] = value;
        return this;
    }

    /// <summary>Sets the timeout of each run.</summary>
    /// <param name="timeout">The timeout; zero means none.</param>
    /// <returns>This builder.</returns>
    public JobSettingsBuilder WithTimeout(TimeSpan timeout)
    {
        _timeoutSeconds = JobTaskBuilder.ToSeconds(timeout, nameof(timeout));
        return this;
    }

    /// <summary>Sets how many runs may be active at once.</summary>
    /// <param name="maxConcurrentRuns">1 to 1000.</param>
    /// <returns>This builder.</returns>
    public JobSettingsBuilder WithMaxConcurrentRuns(int maxConcurrentRuns)
    {
        // 0 is accepted by the service but skips every run; we refuse it as a mistake.
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrentRuns, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxConcurrentRuns, MaxConcurrentRunsLimit);
        _maxConcurrentRuns = maxConcurrentRuns;
        return this;
    }

    /// <summary>Runs the job on a Quartz cron schedule.</summary>
    /// <param name="quartzCronExpression">The expression, for example <c>0 0 2 * * ?</c> (six or seven fields).</param>
    /// <param name="timezoneId">The Java time zone id; UTC by default.</param>
    /// <param name="paused">Whether the schedule starts paused.</param>
    /// <returns>This builder.</returns>
    public JobSettingsBuilder WithSchedule(string quartzCronExpression, string timezoneId = "UTC", bool paused = false)
    {
        _schedule = CreateSchedule(quartzCronExpression, timezoneId, paused);
        return this;
    }

    /// <summary>Checks and creates a cron schedule.</summary>
    /// <param name="quartzCronExpression">The Quartz expression (6 or 7 fields).</param>
    /// <param name="timezoneId">The Java time zone id.</param>
    /// <param name="paused">Whether the schedule starts paused.</param>
    /// <returns>The schedule.</returns>
    internal static CronSchedule CreateSchedule(string quartzCronExpression, string timezoneId, bool paused)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(quartzCronExpression);
        ArgumentException.ThrowIfNullOrWhiteSpace(timezoneId);
        var fields = quartzCronExpression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (fields is < 6 or > 7)
        {
            throw new ArgumentException(
                $"'{quartzCronExpression}' has {fields} fields; a Quartz cron expression has 6 or 7 (seconds first).", nameof(quartzCronExpression));
        }

        return new CronSchedule
        {
            QuartzCronExpression = quartzCronExpression,
            TimezoneId = timezoneId,
            PauseStatus = paused ? PauseStatus.Paused : PauseStatus.Unpaused,
        };
    }

    /// <summary>Makes the job continuous: one active run at all times, restarted when it ends.</summary>
    /// <param name="paused">Whether the job starts paused.</param>
    /// <param name="retryFailedTasks">Whether failed tasks are retried inside the run.</param>
    /// <returns>This builder.</returns>
    public JobSettingsBuilder RunContinuously(bool paused = false, bool retryFailedTasks = false)
    {
        _continuous = new ContinuousSettings
        {
            PauseStatus = paused ? PauseStatus.Paused : PauseStatus.Unpaused,
            TaskRetryMode = retryFailedTasks ? ContinuousTaskRetryMode.OnFailure : null,
        };
        return this;
    }

    /// <summary>Turns queueing on or off (on by default for jobs created through 2.2).</summary>
    /// <param name="enabled">Whether runs wait in a queue when limits are reached.</param>
    /// <returns>This builder.</returns>
    public JobSettingsBuilder WithQueue(bool enabled)
    {
        _queue = new QueueSettings { Enabled = enabled };
        return this;
    }

    /// <summary>Sets the notification addresses.</summary>
    /// <param name="notifications">The addresses.</param>
    /// <returns>This builder.</returns>
    public JobSettingsBuilder WithEmailNotifications(EmailNotifications notifications)
    {
        _notifications = notifications;
        return this;
    }

    /// <summary>Sets the system destinations notified about the job's runs (at most three per event, checked by <see cref="Build"/>).</summary>
    /// <param name="notifications">The destinations.</param>
    /// <returns>This builder.</returns>
    public JobSettingsBuilder WithWebhookNotifications(WebhookNotifications notifications)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        _webhooks = notifications;
        return this;
    }

    /// <summary>Sets the performance target of serverless compute for the job's runs.</summary>
    /// <param name="target">For example <see cref="PerformanceTarget.Standard"/>.</param>
    /// <returns>This builder.</returns>
    public JobSettingsBuilder WithPerformanceTarget(PerformanceTarget target)
    {
        ArgumentException.ThrowIfNullOrEmpty(target.Value, nameof(target));
        _performanceTarget = target;
        return this;
    }

    /// <summary>Builds the settings after checking every rule.</summary>
    /// <returns>The settings.</returns>
    /// <exception cref="ArgumentException">The job is invalid; the message names the task and field.</exception>
    public JobSettings Build()
    {
        var settings = new JobSettings
        {
            Name = _name,
            Description = _description,
            Tasks = [.. _tasks],
            JobClusters = _jobClusters.Count == 0 ? null : [.. _jobClusters],
            Parameters = _parameters.Count == 0 ? null : [.. _parameters],
            Tags = _tags.Count == 0 ? null : new Dictionary<string, string>(_tags, StringComparer.Ordinal),
            TimeoutSeconds = _timeoutSeconds,
            MaxConcurrentRuns = _maxConcurrentRuns,
            Schedule = _schedule,
            Continuous = _continuous,
            Queue = _queue,
            EmailNotifications = _notifications,
            WebhookNotifications = _webhooks,
            PerformanceTarget = _performanceTarget,
        };
        Validate(settings);
        return settings;
    }

    /// <summary>Checks job settings, however they were made.</summary>
    /// <param name="settings">The settings.</param>
    /// <exception cref="ArgumentException">The settings are invalid.</exception>
    internal static void Validate(JobSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var tasks = settings.Tasks ?? [];
        JobTaskValidator.ValidateGraph(tasks, nameof(settings));
        if (settings.WebhookNotifications is { } webhooks)
        {
            WebhookNotifications.Validate(webhooks, nameof(settings));
        }

        var clusterKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cluster in settings.JobClusters ?? [])
        {
            if (!clusterKeys.Add(cluster.JobClusterKey))
            {
                throw new ArgumentException($"Job cluster key '{cluster.JobClusterKey}' is declared twice.", nameof(settings));
            }

            cluster.NewCluster.Validate(nameof(settings));
        }

        foreach (var task in tasks)
        {
            if (task.JobClusterKey is { } key && !clusterKeys.Contains(key))
            {
                throw new ArgumentException($"Task '{task.TaskKey}' uses job cluster '{key}', which the job does not declare.", nameof(settings));
            }

            if (task.SparkSubmitTask is not null && task.JobClusterKey is { } submitKey
                && settings.JobClusters!.First(c => c.JobClusterKey == submitKey).NewCluster is { } shared
                && (shared.SparkConf is { Count: > 0 } || shared.Autoscale is not null))
            {
                throw new ArgumentException(
                    $"Task '{task.TaskKey}' is a spark-submit task on job cluster '{submitKey}', which sets spark_conf or autoscaling; spark-submit needs neither.",
                    nameof(settings));
            }
        }

        if (settings.Schedule is not null && settings.Continuous is not null)
        {
            throw new ArgumentException("A job cannot be both scheduled and continuous; choose one.", nameof(settings));
        }

        if (settings.Continuous is not null)
        {
            foreach (var task in tasks)
            {
                if (task.DependsOn is { Count: > 0 })
                {
                    throw new ArgumentException($"Task '{task.TaskKey}' has dependencies, which a continuous job does not support.", nameof(settings));
                }

                if (task.MaxRetries is not null || task.MinRetryIntervalMillis is not null || task.RetryOnTimeout is not null)
                {
                    throw new ArgumentException(
                        $"Task '{task.TaskKey}' sets a retry policy, which a continuous job does not support; use task_retry_mode ON_FAILURE.", nameof(settings));
                }
            }
        }

        if (settings.Tags is { Count: > MaxTags })
        {
            throw new ArgumentException($"The job has {settings.Tags.Count} tags; Databricks accepts at most {MaxTags}.", nameof(settings));
        }

        if (settings.TimeoutSeconds is < 0)
        {
            throw new ArgumentException("timeout_seconds must be zero (none) or positive.", nameof(settings));
        }

        if (settings.MaxConcurrentRuns is < 0 or > MaxConcurrentRunsLimit)
        {
            throw new ArgumentException($"max_concurrent_runs must be between 0 and {MaxConcurrentRunsLimit}.", nameof(settings));
        }
    }
}
