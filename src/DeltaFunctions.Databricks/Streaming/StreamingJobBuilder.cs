using System.Globalization;
using System.Text;
using DeltaFunctions.Databricks.Jobs;

namespace DeltaFunctions.Databricks.Streaming;

/// <summary>
/// Builds a Structured Streaming job: a source (Delta table, Auto Loader files, Kafka, Event Hubs through its
/// Kafka endpoint), an optional SQL transform, a Delta table sink (append/complete, or merge on keys through
/// <c>foreachBatch</c>), a trigger, a checkpoint location under a Volume or cloud path, and how the job runs
/// (continuously or on a schedule). <see cref="GenerateProgram"/> writes the PySpark program; every value in it is
/// an escaped Python literal and secrets are read with <c>dbutils.secrets.get</c> at run time.
/// </summary>
/// <example>
/// <code>
/// var definition = new StreamingJobBuilder("orders-bronze")
///     .FromAutoLoader("abfss://landing@acct.dfs.core.windows.net/orders", "json", "/Volumes/main/etl/state/orders_schema")
///     .ToDeltaTable("main.bronze.orders")
///     .WithCheckpointLocation("/Volumes/main/etl/state/orders_checkpoint")
///     .WithTrigger(StreamingTrigger.AvailableNow)
///     .RunOnSchedule("0 0/15 * * * ?")
///     .Build("/Volumes/main/etl/code/orders_bronze.py", ClusterPresets.Streaming("15.4.x-scala2.12"));
/// </code>
/// </example>
public sealed class StreamingJobBuilder
{
    private static readonly HashSet<string> AutoLoaderFormats = new(StringComparer.Ordinal)
    {
        "json", "csv", "parquet", "avro", "orc", "text", "binaryFile", "xml",
    };

    private static readonly string[] SecretLikeOptionWords = ["jaas", "password", "secret", "token", "connectionstring", "connection.string", "sas.key", "account.key"];

    private readonly string _jobName;
    private readonly Dictionary<string, string> _sourceOptions = new(StringComparer.Ordinal);
    private SourceKind? _sourceKind;
    private string? _sourceTable;
    private string? _autoLoaderPath;
    private string? _autoLoaderFormat;
    private string? _schemaLocation;
    private string? _kafkaServers;
    private string? _kafkaTopic;
    private string? _startingOffsets;
    private SecretReference? _kafkaUser;
    private SecretReference? _kafkaPassword;
    private SecretReference? _eventHubsConnection;
    private string? _transformSql;
    private string _transformView = "source";
    private string? _targetTable;
    private StreamingOutputMode _outputMode = StreamingOutputMode.Append;
    private IReadOnlyList<string> _partitionBy = [];
    private IReadOnlyList<string>? _mergeKeys;
    private StreamingTrigger _trigger = StreamingTrigger.AvailableNow;
    private string? _checkpointLocation;
    private string? _queryName;
    private bool _continuous;
    private CronSchedule? _schedule;

    /// <summary>Starts a streaming job.</summary>
    /// <param name="jobName">The Databricks job name.</param>
    public StreamingJobBuilder(string jobName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobName);
        _jobName = jobName;
    }

    private enum SourceKind
    {
        DeltaTable,
        AutoLoader,
        Kafka,
        EventHubs,
    }

    /// <summary>Reads the stream of changes appended to a Delta table.</summary>
    /// <param name="tableName">The table, for example <c>main.bronze.orders</c>.</param>
    /// <returns>This builder.</returns>
    public StreamingJobBuilder FromDeltaTable(string tableName)
    {
        StreamingNames.ValidateTableName(tableName, nameof(tableName));
        ResetSource(SourceKind.DeltaTable);
        _sourceTable = tableName;
        return this;
    }

    /// <summary>Reads new files with Auto Loader (<c>cloudFiles</c>).</summary>
    /// <param name="path">The folder to watch: a Volume or cloud path.</param>
    /// <param name="format">The file format: json, csv, parquet, avro, orc, text, binaryFile or xml.</param>
    /// <param name="schemaLocation">Where Auto Loader keeps the inferred schema: a Volume or cloud path.</param>
    /// <returns>This builder.</returns>
    public StreamingJobBuilder FromAutoLoader(string path, string format, string schemaLocation)
    {
        StreamingNames.ValidateStorageLocation(path, "Auto Loader path", nameof(path));
        ArgumentException.ThrowIfNullOrWhiteSpace(format);
        if (!AutoLoaderFormats.Contains(format))
        {
            throw new ArgumentException(
                $"Auto Loader format '{format}' is not one of {string.Join(", ", AutoLoaderFormats.Order(StringComparer.Ordinal))}.", nameof(format));
        }

        StreamingNames.ValidateStorageLocation(schemaLocation, "schema location", nameof(schemaLocation));
        ResetSource(SourceKind.AutoLoader);
        _autoLoaderPath = path;
        _autoLoaderFormat = format;
        _schemaLocation = schemaLocation;
        return this;
    }

    /// <summary>Reads a Kafka topic.</summary>
    /// <param name="bootstrapServers">The brokers, <c>host:port[,host:port…]</c>.</param>
    /// <param name="topic">The topic.</param>
    /// <param name="startingOffsets"><c>latest</c> (default) or <c>earliest</c>, used only when no checkpoint exists.</param>
    /// <param name="saslUser">For SASL/PLAIN over TLS, the secret holding the user name.</param>
    /// <param name="saslPassword">For SASL/PLAIN over TLS, the secret holding the password.</param>
    /// <returns>This builder.</returns>
    public StreamingJobBuilder FromKafka(string bootstrapServers, string topic, string startingOffsets = "latest", SecretReference? saslUser = null, SecretReference? saslPassword = null)
    {
        ValidateServers(bootstrapServers);
        ValidateTopic(topic);
        ValidateOffsets(startingOffsets);
        if ((saslUser is null) != (saslPassword is null))
        {
            throw new ArgumentException("Give both the SASL user and password secrets, or neither.", saslUser is null ? nameof(saslUser) : nameof(saslPassword));
        }

        ResetSource(SourceKind.Kafka);
        _kafkaServers = bootstrapServers;
        _kafkaTopic = topic;
        _startingOffsets = startingOffsets;
        _kafkaUser = saslUser;
        _kafkaPassword = saslPassword;
        return this;
    }

    /// <summary>
    /// Reads an Azure Event Hub through its Kafka endpoint (<c>&lt;namespace&gt;.servicebus.windows.net:9093</c>,
    /// SASL/PLAIN with user <c>$ConnectionString</c>).
    /// </summary>
    /// <param name="namespaceName">The Event Hubs namespace (without <c>.servicebus.windows.net</c>).</param>
    /// <param name="eventHubName">The event hub, which is the Kafka topic.</param>
    /// <param name="connectionString">The secret holding the namespace or hub connection string.</param>
    /// <param name="startingOffsets"><c>latest</c> (default) or <c>earliest</c>.</param>
    /// <returns>This builder.</returns>
    public StreamingJobBuilder FromEventHubs(string namespaceName, string eventHubName, SecretReference connectionString, string startingOffsets = "latest")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(namespaceName);
        if (namespaceName.Length is < 6 or > 50 || !char.IsAsciiLetter(namespaceName[0])
            || !namespaceName.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            throw new ArgumentException($"Event Hubs namespace '{namespaceName}' must be 6–50 letters, digits or '-', starting with a letter.", nameof(namespaceName));
        }

        ValidateTopic(eventHubName);
        ArgumentNullException.ThrowIfNull(connectionString);
        ValidateOffsets(startingOffsets);
        ResetSource(SourceKind.EventHubs);
        _kafkaServers = namespaceName + ".servicebus.windows.net:9093";
        _kafkaTopic = eventHubName;
        _startingOffsets = startingOffsets;
        _eventHubsConnection = connectionString;
        return this;
    }

    /// <summary>Adds a reader option (for example <c>maxFilesPerTrigger</c>). Secrets are refused: use the secret parameters.</summary>
    /// <param name="key">The option key.</param>
    /// <param name="value">The option value.</param>
    /// <returns>This builder.</returns>
    public StreamingJobBuilder WithSourceOption(string key, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(value);
        var lower = key.ToLowerInvariant();
        if (SecretLikeOptionWords.Any(word => lower.Contains(word, StringComparison.Ordinal)))
        {
            throw new ArgumentException(
                $"Option '{key}' looks like it carries a secret, which would be written into the program; pass a SecretReference to the source instead.", nameof(key));
        }

        _sourceOptions[key] = value;
        return this;
    }

    /// <summary>Transforms the source with SQL; the source is visible as a temporary view.</summary>
    /// <param name="sql">The query, for example <c>SELECT id, upper(name) AS name FROM source</c>.</param>
    /// <param name="sourceViewName">The view name the query reads; <c>source</c> by default.</param>
    /// <returns>This builder.</returns>
    public StreamingJobBuilder WithTransform(string sql, string sourceViewName = "source")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceViewName);
        if (!char.IsAsciiLetter(sourceViewName[0]) || !sourceViewName.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new ArgumentException($"View name '{sourceViewName}' must be letters, digits and '_', starting with a letter.", nameof(sourceViewName));
        }

        _transformSql = sql;
        _transformView = sourceViewName;
        return this;
    }

    /// <summary>Writes the stream into a Delta table.</summary>
    /// <param name="tableName">The target table.</param>
    /// <param name="outputMode">Append (default) or Complete; Update needs <see cref="MergeIntoDeltaTable"/>.</param>
    /// <param name="partitionBy">Partition columns used when the table is created.</param>
    /// <returns>This builder.</returns>
    public StreamingJobBuilder ToDeltaTable(string tableName, StreamingOutputMode outputMode = StreamingOutputMode.Append, IEnumerable<string>? partitionBy = null)
    {
        StreamingNames.ValidateTableName(tableName, nameof(tableName));
        if (outputMode == StreamingOutputMode.Update)
        {
            throw new ArgumentException("A Delta table sink takes Append or Complete; for Update semantics merge on keys with MergeIntoDeltaTable.", nameof(outputMode));
        }

        if (!Enum.IsDefined(outputMode))
        {
            throw new ArgumentOutOfRangeException(nameof(outputMode), outputMode, "Unknown output mode.");
        }

        _targetTable = tableName;
        _outputMode = outputMode;
        _partitionBy = Columns(partitionBy, nameof(partitionBy));
        _mergeKeys = null;
        return this;
    }

    /// <summary>
    /// Upserts each micro-batch into a Delta table on key columns (<c>foreachBatch</c> + <c>MERGE</c>): matched rows
    /// are updated, others inserted; the table is created on the first batch if missing. A batch holding two rows
    /// for one key fails the merge, as Databricks refuses ambiguous matches; deduplicate in the transform.
    /// </summary>
    /// <param name="tableName">The target table.</param>
    /// <param name="keyColumns">The key columns.</param>
    /// <param name="partitionBy">Partition columns used when the table is created.</param>
    /// <returns>This builder.</returns>
    public StreamingJobBuilder MergeIntoDeltaTable(string tableName, IEnumerable<string> keyColumns, IEnumerable<string>? partitionBy = null)
    {
        StreamingNames.ValidateTableName(tableName, nameof(tableName));
        ArgumentNullException.ThrowIfNull(keyColumns);
        var keys = Columns(keyColumns, nameof(keyColumns));
        if (keys.Count == 0)
        {
            throw new ArgumentException("A merge needs at least one key column.", nameof(keyColumns));
        }

        _targetTable = tableName;
        _outputMode = StreamingOutputMode.Update;
        _partitionBy = Columns(partitionBy, nameof(partitionBy));
        _mergeKeys = keys;
        return this;
    }

    /// <summary>Sets the trigger; available-now by default.</summary>
    /// <param name="trigger">The trigger.</param>
    /// <returns>This builder.</returns>
    public StreamingJobBuilder WithTrigger(StreamingTrigger trigger)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        _trigger = trigger;
        return this;
    }

    /// <summary>Sets the checkpoint location (required): under a Volume or a cloud path.</summary>
    /// <param name="location">For example <c>/Volumes/main/etl/state/orders</c> or <c>abfss://…</c>.</param>
    /// <returns>This builder.</returns>
    public StreamingJobBuilder WithCheckpointLocation(string location)
    {
        StreamingNames.ValidateStorageLocation(location, "checkpoint location", nameof(location));
        _checkpointLocation = location;
        return this;
    }

    /// <summary>Names the streaming query (shown in the Spark UI).</summary>
    /// <param name="queryName">The name.</param>
    /// <returns>This builder.</returns>
    public StreamingJobBuilder WithQueryName(string queryName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(queryName);
        _queryName = queryName;
        return this;
    }

    /// <summary>Runs the job continuously: Databricks keeps one run active and restarts it when it ends.</summary>
    /// <returns>This builder.</returns>
    public StreamingJobBuilder RunContinuously()
    {
        _continuous = true;
        _schedule = null;
        return this;
    }

    /// <summary>Runs the job on a Quartz cron schedule; needs a trigger that stops (available-now or once).</summary>
    /// <param name="quartzCronExpression">The expression, for example <c>0 0/15 * * * ?</c>.</param>
    /// <param name="timezoneId">The Java time zone id; UTC by default.</param>
    /// <returns>This builder.</returns>
    public StreamingJobBuilder RunOnSchedule(string quartzCronExpression, string timezoneId = "UTC")
    {
        // Reuse the job builder's cron checks.
        _schedule = JobSettingsBuilder.CreateSchedule(quartzCronExpression, timezoneId, paused: false);
        _continuous = false;
        return this;
    }

    /// <summary>Generates the PySpark program after checking the configuration.</summary>
    /// <returns>The Python source.</returns>
    /// <exception cref="InvalidOperationException">A required part (source, sink, checkpoint) is missing.</exception>
    /// <exception cref="ArgumentException">The parts do not fit together; the message says why.</exception>
    public string GenerateProgram()
    {
        Validate();
        var usesSecrets = _kafkaUser is not null || _eventHubsConnection is not null;
        var merge = _mergeKeys is not null;
        var py = new StringBuilder();
        py.Append("# Generated by DeltaFunctions StreamingJobBuilder; regenerate rather than edit.\n");
        py.Append("from pyspark.sql import SparkSession\n");
        if (usesSecrets)
        {
            py.Append("from pyspark.dbutils import DBUtils\n");
        }

        if (merge)
        {
            py.Append("from delta.tables import DeltaTable\n");
        }

        py.Append('\n');
        py.Append("spark = SparkSession.builder.getOrCreate()\n");
        if (usesSecrets)
        {
            py.Append("dbutils = DBUtils(spark)\n");
        }

        py.Append('\n');
        py.Append("CHECKPOINT_LOCATION = ").Append(PythonLiteral.String(_checkpointLocation!)).Append('\n');
        py.Append("TARGET_TABLE = ").Append(PythonLiteral.String(_targetTable!)).Append('\n');
        py.Append("PARTITION_COLUMNS = ").Append(PythonLiteral.List(_partitionBy)).Append('\n');
        py.Append('\n');

        AppendSource(py);

        if (_transformSql is not null)
        {
            py.Append('\n');
            py.Append("source_df.createOrReplaceTempView(").Append(PythonLiteral.String(_transformView)).Append(")\n");
            py.Append("result_df = spark.sql(").Append(PythonLiteral.String(_transformSql)).Append(")\n");
        }
        else
        {
            py.Append("result_df = source_df\n");
        }

        if (merge)
        {
            var condition = string.Join(" AND ", _mergeKeys!.Select(k => $"t.{StreamingNames.QuoteColumn(k)} <=> s.{StreamingNames.QuoteColumn(k)}"));
            py.Append('\n');
            py.Append("MERGE_CONDITION = ").Append(PythonLiteral.String(condition)).Append('\n');
            py.Append('\n');
            py.Append('\n');
            py.Append("def merge_batch(batch_df, batch_id):\n");
            py.Append("    session = batch_df.sparkSession\n");
            py.Append("    if not session.catalog.tableExists(TARGET_TABLE):\n");
            py.Append("        writer = batch_df.write.format(\"delta\")\n");
            py.Append("        if PARTITION_COLUMNS:\n");
            py.Append("            writer = writer.partitionBy(*PARTITION_COLUMNS)\n");
            py.Append("        writer.saveAsTable(TARGET_TABLE)\n");
            py.Append("        return\n");
            py.Append("    (\n");
            py.Append("        DeltaTable.forName(session, TARGET_TABLE).alias(\"t\")\n");
            py.Append("        .merge(batch_df.alias(\"s\"), MERGE_CONDITION)\n");
            py.Append("        .whenMatchedUpdateAll()\n");
            py.Append("        .whenNotMatchedInsertAll()\n");
            py.Append("        .execute()\n");
            py.Append("    )\n");
            py.Append('\n');
        }

        py.Append('\n');
        py.Append("writer = (\n");
        py.Append("    result_df.writeStream\n");
        py.Append("    .outputMode(").Append(PythonLiteral.String(OutputModeText)).Append(")\n");
        py.Append("    .option(\"checkpointLocation\", CHECKPOINT_LOCATION)\n");
        py.Append("    .trigger(").Append(_trigger.PythonArguments).Append(")\n");
        py.Append(")\n");
        if (_queryName is not null)
        {
            py.Append("writer = writer.queryName(").Append(PythonLiteral.String(_queryName)).Append(")\n");
        }

        if (merge)
        {
            py.Append("query = writer.foreachBatch(merge_batch).start()\n");
        }
        else
        {
            py.Append("writer = writer.format(\"delta\")\n");
            py.Append("if PARTITION_COLUMNS:\n");
            py.Append("    writer = writer.partitionBy(*PARTITION_COLUMNS)\n");
            py.Append("query = writer.toTable(TARGET_TABLE)\n");
        }

        py.Append("query.awaitTermination()\n");
        return py.ToString();
    }

    /// <summary>Generates the program and the job that runs it on a new cluster.</summary>
    /// <param name="programPath">Where the program will be uploaded: an absolute workspace or Volume path ending in <c>.py</c>.</param>
    /// <param name="cluster">The cluster, for example <see cref="ClusterPresets.Streaming"/>.</param>
    /// <returns>The program and job settings.</returns>
    public StreamingJobDefinition Build(string programPath, ClusterSpec cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return Build(programPath, task => task.OnNewCluster(cluster));
    }

    /// <summary>Generates the program and the job that runs it on an existing cluster.</summary>
    /// <param name="programPath">Where the program will be uploaded: an absolute workspace or Volume path ending in <c>.py</c>.</param>
    /// <param name="existingClusterId">The cluster id.</param>
    /// <returns>The program and job settings.</returns>
    public StreamingJobDefinition Build(string programPath, string existingClusterId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(existingClusterId);
        return Build(programPath, task => task.OnExistingCluster(existingClusterId));
    }

    private StreamingJobDefinition Build(string programPath, Action<JobTaskBuilder> compute)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(programPath);
        if (!programPath.StartsWith('/') || !programPath.EndsWith(".py", StringComparison.Ordinal) || programPath.Any(char.IsControl))
        {
            throw new ArgumentException($"Program path '{programPath}' must be an absolute workspace or Volume path ending in '.py'.", nameof(programPath));
        }

        var program = GenerateProgram();
        var task = new JobTaskBuilder("stream").WithDescription("Structured Streaming query generated by StreamingJobBuilder").SparkPython(programPath);
        compute(task);
        var settings = new JobSettingsBuilder(_jobName)
            .AddTask(task)
            .WithMaxConcurrentRuns(1)
            .WithTag("generated_by", "DeltaFunctions.StreamingJobBuilder");
        settings = _continuous ? settings.RunContinuously() : settings.WithSchedule(_schedule!.QuartzCronExpression, _schedule.TimezoneId);
        return new StreamingJobDefinition { Program = program, ProgramPath = programPath, Settings = settings.Build() };
    }

    private string OutputModeText => _outputMode switch
    {
        StreamingOutputMode.Complete => "complete",
        StreamingOutputMode.Update => "update",
        _ => "append",
    };

    private void Validate()
    {
        if (_sourceKind is null)
        {
            throw new InvalidOperationException("The streaming job has no source; call FromDeltaTable, FromAutoLoader, FromKafka or FromEventHubs.");
        }

        if (_targetTable is null)
        {
            throw new InvalidOperationException("The streaming job has no sink; call ToDeltaTable or MergeIntoDeltaTable.");
        }

        if (_checkpointLocation is null)
        {
            throw new InvalidOperationException("The streaming job has no checkpoint location; call WithCheckpointLocation with a Volume or cloud path.");
        }

        if (!_continuous && _schedule is null)
        {
            throw new InvalidOperationException("Choose how the job runs: RunContinuously or RunOnSchedule.");
        }

        if (_schedule is not null && !_trigger.Terminates)
        {
            throw new ArgumentException(
                $"A scheduled job needs a trigger that stops (available-now or once); a {_trigger.Kind} query never ends, so later scheduled runs would be skipped. Use RunContinuously instead.");
        }

        if (_trigger.Kind == StreamingTriggerKind.Continuous)
        {
            if (_sourceKind is not (SourceKind.Kafka or SourceKind.EventHubs))
            {
                throw new ArgumentException("Continuous processing reads only Kafka-compatible sources (Kafka, Event Hubs); use a processing-time trigger.");
            }

            if (_mergeKeys is not null)
            {
                throw new ArgumentException("Continuous processing does not support foreachBatch, so it cannot merge; use a processing-time trigger.");
            }
        }

        if (_checkpointLocation == _schemaLocation)
        {
            throw new ArgumentException("The checkpoint location and the Auto Loader schema location must differ.");
        }
    }

    private void AppendSource(StringBuilder py)
    {
        var sasl = _eventHubsConnection is not null || _kafkaUser is not null;
        if (sasl)
        {
            // The JAAS line is assembled at run time from secrets, each escaped for JAAS's quoted strings, so
            // neither the program nor the job definition holds a credential.
            var user = _eventHubsConnection is not null ? PythonLiteral.String("$ConnectionString") : _kafkaUser!.PythonExpression;
            var password = (_eventHubsConnection ?? _kafkaPassword)!.PythonExpression;
            py.Append("""
                def _jaas_quote(value):
                    return '"' + value.replace('\\', '\\\\').replace('"', '\\"') + '"'


                KAFKA_JAAS_CONFIG = (
                    "kafkashaded.org.apache.kafka.common.security.plain.PlainLoginModule required username="

                """);
            py.Append("    + _jaas_quote(").Append(user).Append(")\n");
            py.Append("    + \" password=\"\n");
            py.Append("    + _jaas_quote(").Append(password).Append(")\n");
            py.Append("    + \";\"\n");
            py.Append(")\n\n");
        }

        py.Append("source_df = (\n");
        py.Append("    spark.readStream\n");
        switch (_sourceKind)
        {
            case SourceKind.DeltaTable:
                AppendOptions(py);
                py.Append("    .table(").Append(PythonLiteral.String(_sourceTable!)).Append(")\n");
                break;
            case SourceKind.AutoLoader:
                py.Append("    .format(\"cloudFiles\")\n");
                py.Append("    .option(\"cloudFiles.format\", ").Append(PythonLiteral.String(_autoLoaderFormat!)).Append(")\n");
                py.Append("    .option(\"cloudFiles.schemaLocation\", ").Append(PythonLiteral.String(_schemaLocation!)).Append(")\n");
                AppendOptions(py);
                py.Append("    .load(").Append(PythonLiteral.String(_autoLoaderPath!)).Append(")\n");
                break;
            default:
                py.Append("    .format(\"kafka\")\n");
                py.Append("    .option(\"kafka.bootstrap.servers\", ").Append(PythonLiteral.String(_kafkaServers!)).Append(")\n");
                py.Append("    .option(\"subscribe\", ").Append(PythonLiteral.String(_kafkaTopic!)).Append(")\n");
                py.Append("    .option(\"startingOffsets\", ").Append(PythonLiteral.String(_startingOffsets!)).Append(")\n");
                if (sasl)
                {
                    py.Append("    .option(\"kafka.security.protocol\", \"SASL_SSL\")\n");
                    py.Append("    .option(\"kafka.sasl.mechanism\", \"PLAIN\")\n");
                    py.Append("    .option(\"kafka.sasl.jaas.config\", KAFKA_JAAS_CONFIG)\n");
                }

                AppendOptions(py);
                py.Append("    .load()\n");
                break;
        }

        py.Append(")\n");
    }

    private void AppendOptions(StringBuilder py)
    {
        foreach (var (key, value) in _sourceOptions.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            py.Append("    .option(").Append(PythonLiteral.String(key)).Append(", ").Append(PythonLiteral.String(value)).Append(")\n");
        }
    }

    private void ResetSource(SourceKind kind)
    {
        _sourceKind = kind;
        _sourceTable = _autoLoaderPath = _autoLoaderFormat = _schemaLocation = _kafkaServers = _kafkaTopic = _startingOffsets = null;
        _kafkaUser = _kafkaPassword = _eventHubsConnection = null;
    }

    private static List<string> Columns(IEnumerable<string>? columns, string parameterName)
    {
        var list = columns?.ToList() ?? [];
        foreach (var column in list)
        {
            StreamingNames.ValidateColumnName(column, parameterName);
        }

        if (list.Distinct(StringComparer.OrdinalIgnoreCase).Count() != list.Count)
        {
            throw new ArgumentException("A column is listed twice.", parameterName);
        }

        return list;
    }

    private static void ValidateServers(string servers)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(servers, "bootstrapServers");
        foreach (var server in servers.Split(','))
        {
            var colon = server.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(server.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535
                || !server[..colon].All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            {
                throw new ArgumentException($"Kafka bootstrap server '{server}' must read host:port.", "bootstrapServers");
            }
        }
    }

    private static void ValidateTopic(string topic)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic, nameof(topic));
        if (topic.Length > 249 || !topic.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            throw new ArgumentException($"Topic '{topic}' must be at most 249 letters, digits, '.', '_' or '-'.", nameof(topic));
        }
    }

    private static void ValidateOffsets(string startingOffsets)
    {
        if (startingOffsets is not ("latest" or "earliest"))
        {
            throw new ArgumentException($"startingOffsets must be 'latest' or 'earliest', got '{startingOffsets}'.", nameof(startingOffsets));
        }
    }
}
