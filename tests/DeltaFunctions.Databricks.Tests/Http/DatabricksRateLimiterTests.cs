using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.Databricks.Http;
using DeltaFunctions.Databricks.Telemetry;
using DeltaFunctions.TestUtilities.Http;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;

namespace DeltaFunctions.Databricks.Tests.Http;

public sealed class DatabricksRateLimiterTests
{
    [Fact]
    public void Constructor_Rate_SetsCapacityAndTokensPerPeriod()
    {
        using var sut = new DatabricksRateLimiter(100, 10, new FakeTimeProvider());

        Assert.Equal(100, sut.Capacity);
        Assert.Equal(10, sut.TokensPerPeriod);
    }

    [Fact]
    public async Task AcquireAsync_BurstAboveCapacity_AdmitsCapacityThenOnePeriodAtATime()
    {
        var time = new FakeTimeProvider();
        using var sut = new DatabricksRateLimiter(20, 100, time);

        var leases = Enumerable.Range(0, 30).Select(_ => sut.AcquireAsync(1, TestContext.Current.CancellationToken).AsTask()).ToList();
        var immediately = leases.Count(l => l.IsCompletedSuccessfully);
        time.Advance(DatabricksRateLimiter.Period);
        var afterOnePeriod = leases.Count(l => l.IsCompletedSuccessfully);
        for (var i = 0; i < 4; i++)
        {
            time.Advance(DatabricksRateLimiter.Period);
        }

        var leasesNow = await Task.WhenAll(leases);

        Assert.Equal(20, immediately);
        Assert.Equal(22, afterOnePeriod);
        Assert.All(leasesNow, l => Assert.True(l.IsAcquired));
    }

    [Fact]
    public async Task AcquireAsync_QueueFull_RefusesLease()
    {
        using var sut = new DatabricksRateLimiter(1, 1, new FakeTimeProvider());
        using var first = await sut.AcquireAsync(1, TestContext.Current.CancellationToken);
        var queued = sut.AcquireAsync(1, TestContext.Current.CancellationToken);

        using var refused = await sut.AcquireAsync(1, TestContext.Current.CancellationToken);

        Assert.True(first.IsAcquired);
        Assert.False(queued.IsCompleted);
        Assert.False(refused.IsAcquired);
    }

    [Fact]
    public async Task AcquireAsync_WaiterCancelled_LeavesQueueAndNextWaiterIsServed()
    {
        var time = new FakeTimeProvider();
        using var sut = new DatabricksRateLimiter(1, 10, time);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        using var first = await sut.AcquireAsync(1, TestContext.Current.CancellationToken);
        var cancelled = sut.AcquireAsync(1, cts.Token).AsTask();
        var next = sut.AcquireAsync(1, TestContext.Current.CancellationToken).AsTask();

        await cts.CancelAsync();
        var queuedAfterCancel = sut.GetStatistics()!.CurrentQueuedCount;
        time.Advance(DatabricksRateLimiter.Period);
        using var nextLease = await next;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(1, queuedAfterCancel);
        Assert.True(nextLease.IsAcquired);
        Assert.Equal(2, sut.GetStatistics()!.TotalSuccessfulLeases);
    }

    [Fact]
    public void AttemptAcquire_WhileOthersWait_DoesNotOvertakeAndReportsRetryAfter()
    {
        var time = new FakeTimeProvider();
        using var sut = new DatabricksRateLimiter(1, 10, time);
        using var first = sut.AttemptAcquire(1);
        var waiting = sut.AcquireAsync(1, TestContext.Current.CancellationToken).AsTask();

        using var attempt = sut.AttemptAcquire(1);

        Assert.True(first.IsAcquired);
        Assert.False(attempt.IsAcquired);
        Assert.True(attempt.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out var retryAfter));
        Assert.True(retryAfter >= DatabricksRateLimiter.Period);
        Assert.False(waiting.IsCompleted);
    }

    [Fact]
    public async Task Dispose_WithWaiters_CompletesThemUnacquired()
    {
        var sut = new DatabricksRateLimiter(1, 10, new FakeTimeProvider());
        using var first = sut.AttemptAcquire(1);
        var waiting = sut.AcquireAsync(1, TestContext.Current.CancellationToken).AsTask();

        sut.Dispose();
        using var lease = await waiting;

        Assert.False(lease.IsAcquired);
        Assert.Throws<ObjectDisposedException>(() => sut.AttemptAcquire(1));
    }

    [Fact]
    public async Task Client_BurstAboveRateLimit_SendsOnlyTheBudgetAndCountsWaits()
    {
        var time = new FakeTimeProvider();
        await using var server = await ScriptedHttpServer.StartAsync(TestContext.Current.CancellationToken);
        server.Fallback = _ => ScriptedResponse.Json(200, "{}");
        using var client = TestDatabricksClients.Create(
            server.BaseAddress, DatabricksCredential.FromPersonalAccessToken("dapi-limit"), o => o.RateLimit = 10, time);
        using var throttles = new MetricCollector<long>(client.Meter, DatabricksTelemetry.RateLimitsTotal);

        var calls = Enumerable.Range(0, 15)
            .Select(_ => client.Api.GetAsync("/api/2.0/sql/warehouses", null, DatabricksJsonContext.Default.JsonElement, TestContext.Current.CancellationToken))
            .ToList();
        await server.WaitForRequestsAsync(10, TestContext.Current.CancellationToken);
        await Task.Delay(100, TestContext.Current.CancellationToken);
        var beforeReplenish = server.Requests.Count;
        for (var i = 0; i < 5; i++)
        {
            time.Advance(DatabricksRateLimiter.Period);
        }

        await Task.WhenAll(calls);

        Assert.Equal(10, beforeReplenish);
        Assert.Equal(15, server.Requests.Count);
        Assert.Equal(5, throttles.GetMeasurementSnapshot().Where(m => Equals(m.Tags["source"], "client")).Sum(m => m.Value));
    }

    /// <summary>
    /// For any rate and any interleaving of arrivals and replenishment ticks: in every window of consecutive ticks
    /// the limiter admits at most <c>capacity + ticks × tokensPerPeriod</c>, and the admitted requests are always the
    /// earliest arrivals (waiters are served in order).
    /// </summary>
    [FsCheck.Xunit.Property(MaxTest = 200)]
    public Property RateLimiter_AnySchedule_NeverExceedsBudgetAndServesInOrder(byte rateSeed, byte[] schedule)
    {
        var rate = (rateSeed % 30) + 1;
        var time = new FakeTimeProvider();
        using var sut = new DatabricksRateLimiter(rate, 10_000, time);
        var arrivals = new List<Task<System.Threading.RateLimiting.RateLimitLease>>();
        var admittedPerSlot = new List<int>();
        var seen = 0;
        var inOrder = true;

        void Settle()
        {
            var completed = arrivals.TakeWhile(a => a.IsCompleted).Count();
            inOrder &= arrivals.Skip(completed).All(a => !a.IsCompleted);
            admittedPerSlot[^1] += completed - seen;
            seen = completed;
        }

        admittedPerSlot.Add(0);
        foreach (var step in schedule ?? [])
        {
            if (step % 4 == 0)
            {
                time.Advance(DatabricksRateLimiter.Period);
                admittedPerSlot.Add(0);
                Settle();
            }
            else
            {
                for (var i = 0; i < step % 16; i++)
                {
                    arrivals.Add(sut.AcquireAsync(1, CancellationToken.None).AsTask());
                }

                Settle();
            }
        }

        var withinBudget = true;
        for (var from = 0; from < admittedPerSlot.Count; from++)
        {
            var sum = 0;
            for (var to = from; to < admittedPerSlot.Count; to++)
            {
                sum += admittedPerSlot[to];
                withinBudget &= sum <= sut.Capacity + ((to - from) * sut.TokensPerPeriod);
            }
        }

        return (withinBudget && inOrder).Label($"rate={rate} slots=[{string.Join(",", admittedPerSlot)}] inOrder={inOrder}");
    }
}
