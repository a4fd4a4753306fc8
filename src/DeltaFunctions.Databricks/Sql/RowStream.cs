namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// The rows of a stream of decoded blocks as an <see cref="IAsyncEnumerable{T}"/> whose step within a block completes
/// synchronously: <see cref="IAsyncEnumerator{T}.MoveNextAsync"/> moves to the next position and returns a completed
/// <see cref="ValueTask{TResult}"/>, with no state machine, no execution-context switch and no allocation; only the
/// step onto the next block (a download, a decode) awaits. A compiler-generated async iterator would run its state
/// machine for every row, which cost more than reading the row's values.
/// </summary>
/// <typeparam name="T">What each row is read as: a <see cref="SqlRow"/> view, or a mapped caller type.</typeparam>
/// <param name="blocks">The blocks; cancellation is passed to them (the token a caller gives to the enumerator included).</param>
/// <param name="projection">Makes the reader of one row of a block from the result schema, once, on the first row.</param>
/// <param name="copiesValues">
/// Whether what <paramref name="projection"/> reads holds copies of the values (a mapped caller type) rather than a view
/// of the block (a <see cref="SqlRow"/>): then each block is released (<see cref="RowBlock.Release"/>) once the stream
/// has moved past it or is disposed, so the next batch reuses its memory. Blocks read as views are never released:
/// the caller's rows keep them, and stay valid (their bodies go back to the pool only once no row reaches them,
/// <see cref="ManagedArrowAllocator.Recycled"/>).
/// </param>
internal sealed class RowStream<T>(IAsyncEnumerable<RowBlock> blocks, Func<SqlResultSchema, Func<RowBlock, int, T>> projection, bool copiesValues) : IAsyncEnumerable<T>
{
    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        new Enumerator(blocks.GetAsyncEnumerator(cancellationToken), projection, copiesValues);

    private sealed class Enumerator(IAsyncEnumerator<RowBlock> blocks, Func<SqlResultSchema, Func<RowBlock, int, T>> projection, bool copiesValues) : IAsyncEnumerator<T>
    {
        private Func<RowBlock, int, T>? _read;
        private RowBlock? _block;
        private int _row;
        private int _length;

        public T Current { get; private set; } = default!;

        public ValueTask<bool> MoveNextAsync()
        {
            if (++_row < _length)
            {
                Current = _read!(_block!, _row);
                return new ValueTask<bool>(true);
            }

            return NextBlockAsync();
        }

        public ValueTask DisposeAsync()
        {
            LeaveBlock();
            return blocks.DisposeAsync();
        }

        private void LeaveBlock()
        {
            if (copiesValues)
            {
                _block?.Release();
            }

            _block = null;
            _length = 0;
        }

        private async ValueTask<bool> NextBlockAsync()
        {
            LeaveBlock();
            while (await blocks.MoveNextAsync().ConfigureAwait(false))
            {
                var block = blocks.Current;
                if (block.Length == 0)
                {
                    continue;
                }

                _read ??= projection(block.Schema);
                _block = block;
                _row = 0;
                _length = block.Length;
                Current = _read(block, 0);
                return true;
            }

            Current = default!;
            return false;
        }
    }
}
