namespace DeltaFunctions.Emulator.Jobs;

/// <summary>The JSON types of the Jobs API request fields the emulator reads (Databricks REST Jobs 2.1/2.2).</summary>
internal static class JobsRequestShapes
{
    private static readonly JsonField[] NotebookTask =
    [
        new("notebook_path", JsonKind.String), new("base_parameters", JsonKind.Object), new("source", JsonKind.String),
        new("warehouse_id", JsonKind.String),
    ];

    private static readonly JsonField[] WebhookEvents =
    [
        .. new[] { "on_start", "on_success", "on_failure", "on_duration_warning_threshold_exceeded", "on_streaming_backlog_exceeded" }
            .Select(name => new JsonField(name, JsonKind.Array, JsonKind.Object, [new("id", JsonKind.String)])),
    ];

    private static readonly JsonField Webhooks = new("webhook_notifications", JsonKind.Object, Fields: WebhookEvents);

    private static readonly JsonField PerformanceTarget = new("performance_target", JsonKind.String);

    private static readonly JsonField[] Task =
    [
        new("task_key", JsonKind.String), new("description", JsonKind.String), new("run_if", JsonKind.String),
        new("depends_on", JsonKind.Array, JsonKind.Object, [new("task_key", JsonKind.String), new("outcome", JsonKind.String)]),
        new("notebook_task", JsonKind.Object, Fields: NotebookTask), new("sql_task", JsonKind.Object),
        new("spark_python_task", JsonKind.Object), new("python_wheel_task", JsonKind.Object), new("spark_jar_task", JsonKind.Object),
        new("run_job_task", JsonKind.Object), new("condition_task", JsonKind.Object), new("for_each_task", JsonKind.Object),
        new("pipeline_task", JsonKind.Object), new("dbt_task", JsonKind.Object), new("new_cluster", JsonKind.Object),
        new("existing_cluster_id", JsonKind.String), new("job_cluster_key", JsonKind.String), new("environment_key", JsonKind.String),
        new("libraries", JsonKind.Array), new("timeout_seconds", JsonKind.Integer), new("max_retries", JsonKind.Integer),
        new("min_retry_interval_millis", JsonKind.Integer), new("retry_on_timeout", JsonKind.Boolean),
        new("email_notifications", JsonKind.Object), Webhooks, new("health", JsonKind.Object),
    ];

    private static readonly JsonField Tasks = new("tasks", JsonKind.Array, JsonKind.Object, Task);

    private static readonly JsonField Queue = new("queue", JsonKind.Object, Fields: [new("enabled", JsonKind.Boolean)]);

    /// <summary>Job settings: the body of jobs/create, and new_settings of reset and update.</summary>
    public static readonly JsonField[] Settings =
    [
        new("name", JsonKind.String), new("description", JsonKind.String), Tasks, Queue,
        new("max_concurrent_runs", JsonKind.Integer), new("timeout_seconds", JsonKind.Integer),
        new("parameters", JsonKind.Array, JsonKind.Object, [new("name", JsonKind.String), new("default", JsonKind.String)]),
        new("job_clusters", JsonKind.Array, JsonKind.Object, [new("job_cluster_key", JsonKind.String)]),
        new("environments", JsonKind.Array, JsonKind.Object, [new("environment_key", JsonKind.String)]),
        new("tags", JsonKind.Object), new("schedule", JsonKind.Object), new("trigger", JsonKind.Object), new("continuous", JsonKind.Object),
        new("email_notifications", JsonKind.Object), Webhooks, PerformanceTarget,
        new("notification_settings", JsonKind.Object), new("health", JsonKind.Object), new("run_as", JsonKind.Object),
        new("git_source", JsonKind.Object), new("format", JsonKind.String), new("edit_mode", JsonKind.String),
        new("access_control_list", JsonKind.Array, JsonKind.Object),
    ];

    /// <summary>jobs/reset.</summary>
    public static readonly JsonField[] Reset = [new("job_id", JsonKind.Integer), new("new_settings", JsonKind.Object, Fields: Settings)];

    /// <summary>jobs/update.</summary>
    public static readonly JsonField[] Update =
    [
        new("job_id", JsonKind.Integer), new("new_settings", JsonKind.Object, Fields: Settings),
        new("fields_to_remove", JsonKind.Array, JsonKind.String),
    ];

    /// <summary>jobs/run-now.</summary>
    public static readonly JsonField[] RunNow =
    [
        new("job_id", JsonKind.Integer), new("idempotency_token", JsonKind.String), new("job_parameters", JsonKind.Object),
        new("notebook_params", JsonKind.Object), new("python_named_params", JsonKind.Object), new("pipeline_params", JsonKind.Object),
        new("sql_params", JsonKind.Object), new("python_params", JsonKind.Array, JsonKind.String),
        new("jar_params", JsonKind.Array, JsonKind.String), new("spark_submit_params", JsonKind.Array, JsonKind.String),
        new("only", JsonKind.Array, JsonKind.String), PerformanceTarget, Queue,
    ];

    /// <summary>jobs/runs/submit.</summary>
    public static readonly JsonField[] Submit =
    [
        new("run_name", JsonKind.String), Tasks, new("idempotency_token", JsonKind.String), new("timeout_seconds", JsonKind.Integer), Queue,
        new("job_clusters", JsonKind.Array, JsonKind.Object), new("environments", JsonKind.Array, JsonKind.Object),
        new("access_control_list", JsonKind.Array, JsonKind.Object), new("git_source", JsonKind.Object), new("health", JsonKind.Object),
        new("email_notifications", JsonKind.Object), Webhooks, PerformanceTarget,
        new("notification_settings", JsonKind.Object), new("run_as", JsonKind.Object), new("budget_policy_id", JsonKind.String),
    ];

    /// <summary>jobs/runs/cancel-all.</summary>
    public static readonly JsonField[] CancelAll = [new("job_id", JsonKind.Integer), new("all_queued_runs", JsonKind.Boolean)];
}
