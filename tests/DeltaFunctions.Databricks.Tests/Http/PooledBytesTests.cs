using System.Buffers;
using DeltaFunctions.Databricks.Http;

namespace DeltaFunctions.Databricks.Tests.Http;

/// <summary>
/// The body reader under the API client and the JSON_ARRAY chunk reader: its length limit (tested small here; it is
/// <see cref="Array.MaxLength"/> in use) and that every array it rents goes back to the pool, whether the body fits,
/// is too long, or the read is cancelled. The callers' typed errors are tested through them (DatabricksApiClientTests,
/// SqlClientWireTests).
/// </summary>
public sealed class PooledBytesTests
{
    private const int Limit = 300;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(null)]
    [InlineData(Limit + 1L)]
    [InlineData(10L)]
    public async Task ReadAllAsync_BodyOneByteOverTheLimit_ReturnsNullAndEveryArray(long? announced)
    {
        var pool = new CountingPool();
        using var body = new TrickleStream(Bytes(Limit + 1), chunk: 7);

        var sut = await PooledBytes.ReadAllAsync(pool, body, announced, maxFirstSize: 64, fallbackSize: 16, Limit, Ct);

        Assert.Null(sut);
        Assert.True(pool.Rented > 1, "the body was read by growing the array");
        Assert.Equal(pool.Rented, pool.Returned);
    }

    [Theory]
    [InlineData(null)]
    [InlineData((long)Limit)]
    [InlineData(10L)]
    public async Task ReadAllAsync_BodyExactlyAtTheLimit_ReadsItExactly(long? announced)
    {
        var pool = new CountingPool();
        var bytes = Bytes(Limit);
        using var body = new TrickleStream(bytes, chunk: 7);

        var sut = await PooledBytes.ReadAllAsync(pool, body, announced, maxFirstSize: 64, fallbackSize: 16, Limit, Ct);
        var read = sut!.Memory.ToArray();
        sut.Return();

        Assert.Equal(bytes, read);
        Assert.Equal(pool.Rented, pool.Returned);
    }

    [Fact]
    public async Task ReadAllAsync_CancelledMidBody_ThrowsAndReturnsEveryArray()
    {
        var pool = new CountingPool();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        using var body = new TrickleStream(Bytes(Limit), chunk: 7) { StallAfter = 100, OnStall = cancel.Cancel };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            PooledBytes.ReadAllAsync(pool, body, null, maxFirstSize: 64, fallbackSize: 16, Limit, cancel.Token));

        Assert.True(pool.Rented > 1);
        Assert.Equal(pool.Rented, pool.Returned);
    }

    private static byte[] Bytes(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)(i * 31))];

    /// <summary>The shared pool, counting what is rented from it and returned to it.</summary>
    private sealed class CountingPool : ArrayPool<byte>
    {
        private int _rented;
        private int _returned;

        public int Rented => Volatile.Read(ref _rented);

        public int Returned => Volatile.Read(ref _returned);

        public override byte[] Rent(int minimumLength)
        {
            Interlocked.Increment(ref _rented);
            return Shared.Rent(minimumLength);
        }

        public override void Return(byte[] array, bool clearArray = false)
        {
            Interlocked.Increment(ref _returned);
            Shared.Return(array, clearArray);
        }
    }

    /// <summary>
    /// A body that arrives a few bytes per read; after <see cref="StallAfter"/> bytes it calls <see cref="OnStall"/>
    /// and waits for the token, as a connection that stops sending does.
    /// </summary>
    private sealed class TrickleStream(byte[] bytes, int chunk) : ForwardOnlyStream
    {
        private int _position;

        public int StallAfter { get; init; } = int.MaxValue;

        public Action? OnStall { get; init; }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position >= StallAfter)
            {
                OnStall?.Invoke();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            var count = Math.Min(Math.Min(chunk, buffer.Length), bytes.Length - _position);
            bytes.AsSpan(_position, count).CopyTo(buffer.Span);
            _position += count;
            return count;
        }
    }
}
