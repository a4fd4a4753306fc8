using System.Text.Json;
using System.Text.Json.Nodes;
using DeltaFunctions.Databricks.Jobs;

namespace DeltaFunctions.Databricks.Tests.Jobs;

public sealed class JobTaskBuilderTests
{
    private static readonly ClusterSpec Cluster = ClusterSpec.Fixed("15.4.x-scala2.12", "Standard_D4ds_v5", 2);

    private static JsonNode ToJson(JobTask task) => JsonNode.Parse(JsonSerializer.Serialize(task, JobsJsonContext.Default.JobTask))!;

    public static TheoryData<string, Func<JobTaskBuilder, JobTaskBuilder>, string> ValidTaskTypes() => new()
    {
        { "notebook", b => b.Notebook("/Workspace/etl/load", new Dictionary<string, string> { ["d"] = "1" }), "notebook_task" },
        { "notebook-git", b => b.Notebook("etl/load", source: TaskSource.Git), "notebook_task" },
        { "jar", b => b.SparkJar("com.example.Main", ["a", "b"]).WithLibrary(Library.FromJar("/Volumes/c/s/v/app.jar")), "spark_jar_task" },
        { "python", b => b.SparkPython("/Workspace/etl/main.py", ["--x", "1"]), "spark_python_task" },
        { "submit", b => b.SparkSubmit(["--class", "com.example.Main", "/Volumes/c/s/v/app.jar"]), "spark_submit_task" },
        { "wheel", b => b.PythonWheel("etl", "main", ["a"]).WithLibrary(Library.FromWheel("/Volumes/c/s/v/etl.whl")), "python_wheel_task" },
        { "wheel-named", b => b.PythonWheel("etl", "main", new Dictionary<string, string> { ["date"] = "x" }), "python_wheel_task" },
    };

    [Theory]
    [MemberData(nameof(ValidTaskTypes))]
    public void Build_EachClusterTaskTypeOnNewCluster_SerializesOneTaskTypeAndCompute(string key, Func<JobTaskBuilder, JobTaskBuilder> configure, string field)
    {
        var sut = configure(new JobTaskBuilder(key)).OnNewCluster(Cluster);

        var json = ToJson(sut.Build());

        Assert.Equal(key, (string?)json["task_key"]);
        Assert.NotNull(json[field]);
        Assert.Equal("15.4.x-scala2.12", (string?)json["new_cluster"]!["spark_version"]);
        Assert.Equal(2, (int?)json["new_cluster"]!["num_workers"]);
        var taskTypeFields = new[] { "notebook_task", "spark_jar_task", "spark_python_task", "spark_submit_task", "python_wheel_task", "sql_task" };
        Assert.Single(taskTypeFields, f => json[f] is not null);
    }

    public static TheoryData<string, Func<JobTaskBuilder, JobTaskBuilder>> ValidComputes() => new()
    {
        { "existing", b => b.OnExistingCluster("0101-abc") },
        { "new", b => b.OnNewCluster(Cluster) },
        { "job-cluster", b => b.OnJobCluster("shared") },
        { "serverless", b => b.OnServerless() },
        { "serverless-env", b => b.OnServerless("default") },
    };

    [Theory]
    [MemberData(nameof(ValidComputes))]
    public void Build_NotebookOnEachCompute_Succeeds(string name, Func<JobTaskBuilder, JobTaskBuilder> compute)
    {
        var sut = compute(new JobTaskBuilder("t").Notebook("/Workspace/n"));

        var task = sut.Build();

        var computes = new object?[] { task.ExistingClusterId, task.NewCluster, task.JobClusterKey, task.EnvironmentKey }.Count(c => c is not null);
        Assert.Equal(name.StartsWith("serverless", StringComparison.Ordinal) && name != "serverless-env" ? 0 : 1, computes);
    }

    [Fact]
    public void Build_SqlQueryTask_SerializesWarehouseAndQuery()
    {
        var sut = new JobTaskBuilder("report").SqlQuery("wh1", "q-1", new Dictionary<string, string> { ["day"] = "mon" });

        var json = ToJson(sut.Build());

        Assert.Equal("wh1", (string?)json["sql_task"]!["warehouse_id"]);
        Assert.Equal("q-1", (string?)json["sql_task"]!["query"]!["query_id"]);
        Assert.Equal("mon", (string?)json["sql_task"]!["parameters"]!["day"]);
        Assert.Null(json["new_cluster"]);
    }

    [Theory]
    [InlineData("file")]
    [InlineData("alert")]
    [InlineData("dashboard")]
    public void Build_OtherSqlTaskKinds_Succeed(string kind)
    {
        var sut = new JobTaskBuilder("s");
        sut = kind switch
        {
            "file" => sut.SqlFile("wh", "/Workspace/q.sql"),
            "alert" => sut.SqlAlert("wh", "a1"),
            _ => sut.SqlDashboard("wh", "d1"),
        };

        var json = ToJson(sut.Build());

        Assert.NotNull(json["sql_task"]![kind]);
    }

    [Fact]
    public void Build_AllOptions_SerializesDependenciesLibrariesTimeoutAndRetries()
    {
        var sut = new JobTaskBuilder("t2")
            .WithDescription("second")
            .SparkPython("/Workspace/a.py")
            .OnNewCluster(Cluster)
            .DependsOn("t1")
            .DependsOn("check", outcome: "true")
            .WithRunIf(RunIf.AllDone)
            .WithLibrary(Library.FromPypi("requests==2.32.3"))
            .WithLibrary(Library.FromMaven("com.a:b:1.0", exclusions: ["x:y"]))
            .WithLibrary(Library.FromCran("dplyr"))
            .WithLibrary(Library.FromRequirements("/Workspace/req.txt"))
            .WithTimeout(TimeSpan.FromMinutes(30))
            .WithRetries(3, TimeSpan.FromSeconds(90), retryOnTimeout: true);

        var json = ToJson(sut.Build());

        Assert.Equal("t1", (string?)json["depends_on"]![0]!["task_key"]);
        Assert.Equal("true", (string?)json["depends_on"]![1]!["outcome"]);
        Assert.Equal("ALL_DONE", (string?)json["run_if"]);
        Assert.Equal("requests==2.32.3", (string?)json["libraries"]![0]!["pypi"]!["package"]);
        Assert.Equal("com.a:b:1.0", (string?)json["libraries"]![1]!["maven"]!["coordinates"]);
        Assert.Equal("dplyr", (string?)json["libraries"]![2]!["cran"]!["package"]);
        Assert.Equal("/Workspace/req.txt", (string?)json["libraries"]![3]!["requirements"]);
        Assert.Equal(1800, (int?)json["timeout_seconds"]);
        Assert.Equal(3, (int?)json["max_retries"]);
        Assert.Equal(90000, (int?)json["min_retry_interval_millis"]);
        Assert.True((bool?)json["retry_on_timeout"]);
    }

    [Fact]
    public void Build_SparkSubmitOnJobCluster_Succeeds()
    {
        var sut = new JobTaskBuilder("s").SparkSubmit(["--class", "A", "app.jar"]).OnJobCluster("c");

        var task = sut.Build();

        Assert.Equal("c", task.JobClusterKey);
    }

    public static TheoryData<string, Func<JobTaskBuilder>, string> InvalidTasks() => new()
    {
        { "no task type", () => new JobTaskBuilder("t").OnNewCluster(Cluster), "no task type" },
        { "two task types", () => new JobTaskBuilder("t").Notebook("/n").SparkJar("A").OnNewCluster(Cluster), "2 task types" },
        { "no compute", () => new JobTaskBuilder("t").Notebook("/n"), "no compute" },
        { "no compute jar", () => new JobTaskBuilder("t").SparkJar("A"), "no compute" },
        { "no compute wheel", () => new JobTaskBuilder("t").PythonWheel("p", "e"), "no compute" },
        { "two computes", () => new JobTaskBuilder("t").Notebook("/n").OnNewCluster(Cluster).OnExistingCluster("c"), "more than one compute" },
        { "serverless and cluster", () => new JobTaskBuilder("t").Notebook("/n").OnServerless().OnExistingCluster("c"), "serverless compute and also a cluster" },
        { "submit existing", () => new JobTaskBuilder("t").SparkSubmit(["a.jar"]).OnExistingCluster("c"), "runs only on a new cluster" },
        { "submit serverless", () => new JobTaskBuilder("t").SparkSubmit(["a.jar"]).OnServerless(), "runs only on a new cluster" },
        { "submit libraries", () => new JobTaskBuilder("t").SparkSubmit(["a.jar"]).OnNewCluster(Cluster).WithLibrary(Library.FromJar("/x.jar")), "--jars" },
        { "submit spark conf", () => new JobTaskBuilder("t").SparkSubmit(["a.jar"]).OnNewCluster(Cluster.WithSparkConf("k", "v")), "spark_conf" },
        { "submit autoscale", () => new JobTaskBuilder("t").SparkSubmit(["a.jar"]).OnNewCluster(Cluster.WithAutoscale(1, 4)), "autoscaling" },
        { "submit no params", () => new JobTaskBuilder("t").SparkSubmit([]).OnNewCluster(Cluster), "parameters" },
        { "sql with cluster", () => new JobTaskBuilder("t").SqlQuery("wh", "q").OnExistingCluster("c"), "takes no cluster" },
        { "sql no warehouse", () => new JobTaskBuilder("t").SqlQuery(" ", "q"), "warehouse_id" },
        { "sql empty query id", () => new JobTaskBuilder("t").SqlQuery("wh", ""), "query_id" },
        { "sql relative file", () => new JobTaskBuilder("t").SqlFile("wh", "q.sql"), "must be absolute" },
        { "notebook warehouse and cluster", () => new JobTaskBuilder("t").Notebook("/n", warehouseId: "wh").OnNewCluster(Cluster), "takes no cluster" },
        { "relative notebook", () => new JobTaskBuilder("t").Notebook("etl/n").OnNewCluster(Cluster), "must be absolute" },
        { "absolute git notebook", () => new JobTaskBuilder("t").Notebook("/etl/n", source: TaskSource.Git).OnNewCluster(Cluster), "relative to the repository" },
        { "empty notebook", () => new JobTaskBuilder("t").Notebook("").OnNewCluster(Cluster), "notebook_path" },
        { "jar class with space", () => new JobTaskBuilder("t").SparkJar("com.A B").OnNewCluster(Cluster), "main_class_name" },
        { "empty python file", () => new JobTaskBuilder("t").SparkPython("").OnNewCluster(Cluster), "python_file" },
        { "wheel no entry", () => new JobTaskBuilder("t").PythonWheel("p", "").OnNewCluster(Cluster), "entry_point" },
        { "self dependency", () => new JobTaskBuilder("t").Notebook("/n").OnNewCluster(Cluster).DependsOn("t"), "depends on itself" },
        { "duplicate dependency", () => new JobTaskBuilder("t").Notebook("/n").OnNewCluster(Cluster).DependsOn("a").DependsOn("a"), "twice" },
        { "serverless libraries", () => new JobTaskBuilder("t").SparkPython("/a.py").OnServerless("env").WithLibrary(Library.FromPypi("x")), "does not install task libraries" },
        { "invalid cluster", () => new JobTaskBuilder("t").Notebook("/n").OnNewCluster(new ClusterSpec { SparkVersion = "15.4.x-scala2.12", NodeTypeId = "n" }), "num_workers or autoscale" },
        { "library with two kinds", () => new JobTaskBuilder("t").Notebook("/n").OnNewCluster(Cluster).WithLibrary(new Library { Jar = "/a.jar", Whl = "/b.whl" }), "exactly one" },
    };

    [Theory]
    [MemberData(nameof(InvalidTasks))]
    public void Build_InvalidCombination_ThrowsArgumentExceptionSayingWhy(string scenario, Func<JobTaskBuilder> arrange, string expectedMessage)
    {
        var sut = arrange();

        var error = Assert.Throws<ArgumentException>(() => sut.Build());

        Assert.Contains(expectedMessage, error.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(scenario));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("semi;colon")]
    [InlineData("ünicode")]
    public void Constructor_InvalidTaskKey_Throws(string key)
    {
        Assert.ThrowsAny<ArgumentException>(() => new JobTaskBuilder(key));
    }

    [Fact]
    public void Constructor_TaskKeyOver100Characters_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new JobTaskBuilder(new string('k', 101)));

        Assert.Contains("at most 100", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithRetries_BelowMinusOne_Throws()
    {
        var sut = new JobTaskBuilder("t");

        Assert.Throws<ArgumentOutOfRangeException>(() => sut.WithRetries(-2));
        Assert.Throws<ArgumentOutOfRangeException>(() => sut.WithRetries(1, TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => sut.WithTimeout(TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void WithRetries_MinusOne_MeansForever()
    {
        var sut = new JobTaskBuilder("t").Notebook("/n").OnExistingCluster("c").WithRetries(-1);

        var task = sut.Build();

        Assert.Equal(-1, task.MaxRetries);
    }

    [Fact]
    public void LibraryFactories_InvalidInput_Throw()
    {
        Assert.Throws<ArgumentException>(() => Library.FromMaven("not-coordinates"));
        Assert.ThrowsAny<ArgumentException>(() => Library.FromJar(" "));
        Assert.ThrowsAny<ArgumentException>(() => Library.FromPypi(""));
    }
}
