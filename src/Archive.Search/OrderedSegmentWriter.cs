using System.Collections.Concurrent;

namespace Archive.Search;

/// <summary>A piece of the output: formats itself into a buffer, once <paramref name="After"/> (if any) has completed.</summary>
internal readonly record struct Segment(Action<RawJson> Format, Task? After = null);

/// <summary>
/// Writes a document made of consecutive segments to a stream: segments are formatted on the
/// thread pool, at most a small window ahead of the one being written, each into its own
/// pooled buffer, and the buffers are written in order by the calling thread in big chunks. The
/// bytes do not depend on the scheduling; memory stays at a few buffers whatever the document's size.
/// </summary>
internal static class OrderedSegmentWriter
{
    private const int InitialBufferBytes = 1 << 20;

    /// <summary>
    /// Formats and writes <paramref name="segments"/> in order. The sequence is enumerated lazily on
    /// the calling thread, so it may block (e.g. on a task that computes later segments' bounds).
    /// </summary>
    public static void Write(Stream stream, IEnumerable<Segment> segments)
    {
        var window = Math.Max(3, (Environment.ProcessorCount * 2) + 1);
        var spare = new ConcurrentBag<RawJson>();
        var pending = new Queue<Task<RawJson>>();
        using var next = segments.GetEnumerator();
        var more = true;

        void Fill()
        {
            while (more && pending.Count < window && (more = next.MoveNext()))
            {
                pending.Enqueue(Start(next.Current, spare));
            }
        }

        try
        {
            Fill();
            while (pending.Count > 0)
            {
                var raw = pending.Dequeue().GetAwaiter().GetResult();
                Fill();
                stream.Write(raw.Written);
                raw.Clear();
                spare.Add(raw);
            }

            stream.Flush();
        }
        finally
        {
            // On failure, let the segments in flight finish before returning (they read the builder).
            foreach (var task in pending)
            {
                try
                {
                    task.Wait();
                }
                catch (AggregateException)
                {
                    // The first failure is the one being thrown.
                }
            }
        }
    }

    private static Task<RawJson> Start(Segment segment, ConcurrentBag<RawJson> spare)
    {
        RawJson Run()
        {
            var raw = spare.TryTake(out var reused) ? reused : new RawJson(InitialBufferBytes);
            segment.Format(raw);
            return raw;
        }

        return segment.After is null
            ? Task.Run(Run)
            : segment.After.ContinueWith(
                after =>
                {
                    after.GetAwaiter().GetResult(); // propagate its failure
                    return Run();
                },
                CancellationToken.None,
                TaskContinuationOptions.None,
                TaskScheduler.Default);
    }
}
