using System.Text.Json;
using System.Text.Json.Nodes;
using DeltaFunctions.Databricks.Jobs;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DeltaFunctions.Databricks.Tests.Jobs;

/// <summary>A generated task: which type, which compute, and the values it carries.</summary>
public sealed record TaskPlan(int Type, int Compute, int Libraries, int Retries, int TimeoutSeconds, string Value, int[] DependsOn);

public sealed class JobBuilderPropertyTests
{
    private static readonly string[] TaskTypeFields = ["notebook_task", "spark_jar_task", "spark_python_task", "spark_submit_task", "python_wheel_task", "sql_task"];

    private static Gen<string> Values =>
        Gen.OneOf(
            Gen.Elements("", "x", "quote\"d", "back\\slash", "new\nline", "ünïcödé ✓", "{{secrets/a/b}}", "'; DROP TABLE t; --"),
            Gen.ArrayOf(Gen.Choose(32, 0x2FFF).Select(i => (char)i)).Select(chars => new string(chars)));

    private static Gen<TaskPlan> Plan(int index) =>
        from type in Gen.Choose(0, 8)
        from compute in Gen.Choose(0, 3)
        from libraries in Gen.Choose(0, 3)
        from retries in Gen.Choose(-1, 5)
        from timeout in Gen.Choose(0, 86_400)
        from value in Values
        from deps in index == 0 ? Gen.Constant(Array.Empty<int>()) : Gen.SubListOf(Enumerable.Range(0, index)).Select(l => l.ToArray())
        select new TaskPlan(type, compute, libraries, retries, timeout, value, deps);

    private static Gen<TaskPlan[]> Plans =>
        Gen.Choose(1, 6).SelectMany(count => Gen.CollectToSequence(Enumerable.Range(0, count).Select(Plan)).Select(s => s.ToArray()));

    private static JobTaskBuilder ToBuilder(TaskPlan plan, int index, bool forSubmit)
    {
        var key = "task_" + index;
        var cluster = ClusterSpec.Fixed("15.4.x-scala2.12", "Standard_D4ds_v5", 1 + (index % 3));
        var builder = new JobTaskBuilder(key);
        var onWarehouse = false;
        var submitTask = false;
        switch (plan.Type)
        {
            case 0:
                builder.Notebook("/Workspace/n" + index, new Dictionary<string, string> { ["p"] = plan.Value });
                break;
            case 1:
                builder.Notebook("/Workspace/sql" + index, new Dictionary<string, string> { ["p"] = plan.Value }, warehouseId: "wh");
                onWarehouse = true;
                break;
            case 2:
                builder.SparkJar("com.example.Main", [plan.Value]);
                break;
            case 3:
                builder.SparkPython("/Workspace/main.py", [plan.Value]);
                break;
            case 4:
                builder.SparkSubmit(["--class", "A", plan.Value]);
                submitTask = true;
                break;
            case 5:
                builder.PythonWheel("pkg", "main", [plan.Value]);
                break;
            case 6:
                builder.PythonWheel("pkg", "main", new Dictionary<string, string> { ["p"] = plan.Value });
                break;
            case 7:
                builder.SqlQuery("wh", "q1", new Dictionary<string, string> { ["p"] = plan.Value });
                onWarehouse = true;
                break;
            default:
                builder.SqlFile("wh", "/Workspace/q.sql", new Dictionary<string, string> { ["p"] = plan.Value });
                onWarehouse = true;
                break;
        }

        var serverless = false;
        if (!onWarehouse)
        {
            var compute = plan.Compute;
            if (submitTask)
            {
                compute = compute % 2 == 0 ? 1 : 2;
            }
            else if (plan.Type == 2 && compute == 3)
            {
                compute = 0;
            }

            if (forSubmit && compute == 2)
            {
                compute = 1;
            }

            switch (compute)
            {
                case 0:
                    builder.OnExistingCluster("0101-cluster");
                    break;
                case 1:
                    builder.OnNewCluster(cluster);
                    break;
                case 2:
                    builder.OnJobCluster("shared");
                    break;
                default:
                    builder.OnServerless();
                    serverless = true;
                    break;
            }
        }

        if (!onWarehouse && !serverless && !submitTask)
        {
            for (var i = 0; i < plan.Libraries; i++)
            {
                builder.WithLibrary(i % 2 == 0 ? Library.FromPypi("pkg" + i) : Library.FromJar("/Volumes/c/s/v/l" + i + ".jar"));
            }
        }

        if (plan.Retries != 0)
        {
            builder.WithRetries(plan.Retries, TimeSpan.FromSeconds(plan.Retries + 1));
        }

        builder.WithTimeout(TimeSpan.FromSeconds(plan.TimeoutSeconds));
        foreach (var dependency in plan.DependsOn)
        {
            builder.DependsOn("task_" + dependency);
        }

        return builder;
    }

    private static bool HasRequiredFields(JsonArray tasks, TaskPlan[] plans, ISet<string> jobClusters)
    {
        var keys = tasks.Select(t => (string?)t!["task_key"]).ToHashSet();
        for (var i = 0; i < plans.Length; i++)
        {
            var task = tasks[i]!;
            if ((string?)task["task_key"] != "task_" + i || TaskTypeFields.Count(f => task[f] is not null) != 1)
            {
                return false;
            }

            if (task["depends_on"] is JsonArray deps && deps.Any(d => !keys.Contains((string?)d!["task_key"])))
            {
                return false;
            }

            if (task["sql_task"] is { } sql && string.IsNullOrEmpty((string?)sql["warehouse_id"]))
            {
                return false;
            }

            if (task["new_cluster"] is { } cluster && (cluster["spark_version"] is null || (cluster["num_workers"] is null && cluster["autoscale"] is null)))
            {
                return false;
            }

            if ((string?)task["job_cluster_key"] is { } jobCluster && !jobClusters.Contains(jobCluster))
            {
                return false;
            }

            var value = (string?)(task["notebook_task"]?["base_parameters"]?["p"]
                ?? task["spark_jar_task"]?["parameters"]?[0]
                ?? task["spark_python_task"]?["parameters"]?[0]
                ?? task["spark_submit_task"]?["parameters"]?[2]
                ?? task["python_wheel_task"]?["parameters"]?[0]
                ?? task["python_wheel_task"]?["named_parameters"]?["p"]
                ?? task["sql_task"]?["parameters"]?["p"]);
            if (value != plans[i].Value)
            {
                return false;
            }
        }

        return true;
    }

    [Property(MaxTest = 200)]
    public Property JobSettingsBuilder_AnyValidConfiguration_SerializesRequiredFields() =>
        Prop.ForAll(Arb.From(Plans), plans =>
        {
            var builder = new JobSettingsBuilder("generated").AddJobCluster("shared", ClusterSpec.Fixed("15.4.x-scala2.12", "Standard_D4ds_v5", 2));
            for (var i = 0; i < plans.Length; i++)
            {
                builder.AddTask(ToBuilder(plans[i], i, forSubmit: false));
            }

            var json = JsonNode.Parse(JsonSerializer.Serialize(builder.Build(), JobsJsonContext.Default.JobSettings))!;

            return (string?)json["name"] == "generated"
                && HasRequiredFields(json["tasks"]!.AsArray(), plans, new HashSet<string> { "shared" });
        });

    [Property(MaxTest = 200)]
    public Property SubmitRunBuilder_AnyValidConfiguration_SerializesRequiredFields() =>
        Prop.ForAll(Arb.From(Plans), plans =>
        {
            var builder = new SubmitRunBuilder().WithRunName("generated");
            for (var i = 0; i < plans.Length; i++)
            {
                builder.AddTask(ToBuilder(plans[i], i, forSubmit: true));
            }

            var json = JsonNode.Parse(JsonSerializer.Serialize(builder.Build(), JobsJsonContext.Default.SubmitRun))!;

            return (string?)json["run_name"] == "generated"
                && json["tasks"]!.AsArray().Select((t, i) => (int?)t!["max_retries"] == (plans[i].Retries == 0 ? null : plans[i].Retries) && t["job_cluster_key"] is null).All(ok => ok)
                && HasRequiredFields(json["tasks"]!.AsArray(), plans, new HashSet<string>());
        });

    /// <summary>Exposes the generator to the emulator integration tests.</summary>
    internal static Gen<TaskPlan[]> PlanGenerator => Plans;

    /// <summary>Builds saved-job settings from generated plans (with the shared job cluster their tasks may use).</summary>
    internal static JobSettings ToJobSettings(TaskPlan[] plans)
    {
        var builder = new JobSettingsBuilder("generated").AddJobCluster("shared", ClusterSpec.Fixed("15.4.x-scala2.12", "Standard_D4ds_v5", 2));
        for (var i = 0; i < plans.Length; i++)
        {
            builder.AddTask(ToBuilder(plans[i], i, forSubmit: false));
        }

        return builder.Build();
    }

    /// <summary>Builds a one-time run from generated plans.</summary>
    internal static SubmitRun ToSubmitRun(TaskPlan[] plans)
    {
        var builder = new SubmitRunBuilder().WithRunName("generated");
        for (var i = 0; i < plans.Length; i++)
        {
            builder.AddTask(ToBuilder(plans[i], i, forSubmit: true));
        }

        return builder.Build();
    }
}
