using DeltaFunctions.Pipelines.Tests.Validation;
using DeltaFunctions.Pipelines.Validation;

namespace DeltaFunctions.Pipelines.Tests.Jobs;

public sealed class JobRunRequestValidatorTests
{
    [Fact]
    public void Parse_SubmitRunPipeline_IsValid()
    {
        const string json = """
            {"mode":"Parallel","timeoutSeconds":600,"jobs":[
              {"key":"ingest","run":{"runName":"ingest","tasks":[
                {"taskKey":"a","notebookTask":{"notebookPath":"/Workspace/etl/a","baseParameters":{"day":"2026-11-23"}}},
                {"taskKey":"b","dependsOn":["a"],"existingClusterId":"0923-164208-meows279","sparkPythonTask":{"pythonFile":"/Workspace/etl/b.py","parameters":["--x"]}}]}},
              {"key":"report","jobId":7,"jobParameters":{"day":"2026-11-23"},"timeoutSeconds":300}],
             "polling":{"initialIntervalSeconds":5,"maxIntervalSeconds":30,"backoffCoefficient":2}}
            """;

        var sut = PipelineRequestParser.ParseJobRunRequest(json);

        ProblemAssert.Valid(sut.Validation);
    }

    [Fact]
    public void Parse_StepWithNeitherJobIdNorRun_ReportsConflict()
    {
        var sut = PipelineRequestParser.ParseJobRunRequest("""{"jobs":[{"key":"a"}]}""");

        ProblemAssert.HasProblem(sut.Validation, "jobs[0]", ValidationCodes.Conflict);
    }

    [Fact]
    public void Parse_StepWithBothJobIdAndRun_ReportsConflict()
    {
        var sut = PipelineRequestParser.ParseJobRunRequest(
            """{"jobs":[{"key":"a","jobId":1,"run":{"tasks":[{"taskKey":"t","notebookTask":{"notebookPath":"/n"}}]}}]}""");

        ProblemAssert.HasProblem(sut.Validation, "jobs[0].run", ValidationCodes.Conflict);
    }

    [Fact]
    public void Parse_DuplicateStepKeysAndBadValues_ReportsEveryProblem()
    {
        const string json = """
            {"timeoutSeconds":0,"jobs":[{"key":"a","jobId":1},{"key":"a","jobId":-5},{"key":"bad key!","jobId":2,"timeoutSeconds":9999}],
             "polling":{"initialIntervalSeconds":30,"maxIntervalSeconds":10,"backoffCoefficient":0.5}}
            """;

        var sut = PipelineRequestParser.ParseJobRunRequest(json);

        ProblemAssert.HasProblem(sut.Validation, "timeoutSeconds", ValidationCodes.OutOfRange);
        ProblemAssert.HasProblem(sut.Validation, "jobs[1].key", ValidationCodes.Duplicate);
        ProblemAssert.HasProblem(sut.Validation, "jobs[1].jobId", ValidationCodes.OutOfRange);
        ProblemAssert.HasProblem(sut.Validation, "jobs[2].key", ValidationCodes.InvalidValue);
        ProblemAssert.HasProblem(sut.Validation, "polling.maxIntervalSeconds", ValidationCodes.OutOfRange);
        ProblemAssert.HasProblem(sut.Validation, "polling.backoffCoefficient", ValidationCodes.OutOfRange);
    }

    [Fact]
    public void Parse_TaskProblems_ReportsEveryProblem()
    {
        const string json = """
            {"jobs":[{"key":"s","run":{"tasks":[
              {"taskKey":"a","dependsOn":["a","zzz"],"existingClusterId":"c1","environmentKey":"e1"},
              {"taskKey":"a","notebookTask":{"notebookPath":"/x/../y"},"sqlFileTask":{"warehouseId":"w!","path":"/q.sql"}}]}}]}
            """;

        var sut = PipelineRequestParser.ParseJobRunRequest(json);

        ProblemAssert.HasProblem(sut.Validation, "jobs[0].run.tasks[0].dependsOn[0]", ValidationCodes.InvalidValue);
        ProblemAssert.HasProblem(sut.Validation, "jobs[0].run.tasks[0].dependsOn[1]", ValidationCodes.InvalidValue);
        ProblemAssert.HasProblem(sut.Validation, "jobs[0].run.tasks[0]", ValidationCodes.Conflict);
        ProblemAssert.HasProblem(sut.Validation, "jobs[0].run.tasks[1].taskKey", ValidationCodes.Duplicate);
        ProblemAssert.HasProblem(sut.Validation, "jobs[0].run.tasks[1].notebookTask.notebookPath", ValidationCodes.InvalidValue);
        ProblemAssert.HasProblem(sut.Validation, "jobs[0].run.tasks[1].sqlFileTask.warehouseId", ValidationCodes.InvalidValue);
        ProblemAssert.HasProblem(sut.Validation, "jobs[0].run.tasks[1]", ValidationCodes.Conflict);
    }

    [Fact]
    public void Parse_NoJobs_ReportsOutOfRange()
    {
        var sut = PipelineRequestParser.ParseJobRunRequest("""{"jobs":[]}""");

        ProblemAssert.HasProblem(sut.Validation, "jobs", ValidationCodes.OutOfRange);
    }

    [Fact]
    public void Parse_NewClusterNotObject_ReportsWrongType()
    {
        var sut = PipelineRequestParser.ParseJobRunRequest(
            """{"jobs":[{"key":"s","run":{"tasks":[{"taskKey":"a","newCluster":"big","notebookTask":{"notebookPath":"/n"}}]}}]}""");

        ProblemAssert.HasProblem(sut.Validation, "jobs[0].run.tasks[0].newCluster", ValidationCodes.WrongType);
    }
}
