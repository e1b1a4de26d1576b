using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Archive.Search;

/// <summary>
/// A buffer of JSON values formatted by hand and handed to
/// <see cref="Utf8JsonWriter.WriteRawValue(ReadOnlySpan{byte}, bool)"/>: the index's millions of
/// numbers and posting entries are formatted here, in parallel, much faster than value by value.
/// Strings are escaped with the writer's own <see cref="Encoder"/>.
/// </summary>
internal sealed class RawJson
{
    /// <summary>
    /// Escapes HTML-sensitive characters (&lt; &gt; &amp; ' + `), controls and non-BMP characters,
    /// so the JSON is safe inside &lt;script&gt; or an attribute, but writes CJK text as is rather
    /// than as \uXXXX (half the size). Not UnsafeRelaxedJsonEscaping.
    /// </summary>
    public static JavaScriptEncoder Encoder { get; } = JavaScriptEncoder.Create(UnicodeRanges.All);

    private byte[] buffer = new byte[1 << 16];
    private readonly List<int> valueEnds = [];

    public int Length { get; private set; }

    /// <summary>The UTF-8 bytes of <c>"name":</c>, escaped.</summary>
    public static byte[] PropertyName(string name) =>
        [(byte)'"', .. JsonEncodedText.Encode(name, Encoder).EncodedUtf8Bytes, (byte)'"', (byte)':'];

    /// <summary>
    /// Writes values 0 … count - 1 into the array that <paramref name="writer"/> has open, in order;
    /// <paramref name="format"/> appends value i as one JSON value. Batches of
    /// <paramref name="batchSize"/> values are formatted on the thread pool, a few ahead of the
    /// batch being written, so formatting runs in parallel with itself and with the writing.
    /// </summary>
    public static void WriteInParallel(Utf8JsonWriter writer, int count, int batchSize, Action<int, RawJson> format)
    {
        var spare = new ConcurrentBag<RawJson>();
        var window = Math.Max(2, Environment.ProcessorCount + 1);
        var batches = new Queue<Task<RawJson>>();
        var nextStart = 0;

        void Schedule()
        {
            var (start, end) = (nextStart, Math.Min(count, nextStart + batchSize));
            nextStart = end;
            batches.Enqueue(Task.Run(() =>
            {
                var raw = spare.TryTake(out var reused) ? reused : new RawJson();
                for (var i = start; i < end; i++)
                {
                    format(i, raw);
                    raw.valueEnds.Add(raw.Length);
                }

                return raw;
            }));
        }

        while (nextStart < count && batches.Count < window)
        {
            Schedule();
        }

        while (batches.Count > 0)
        {
            var raw = batches.Dequeue().GetAwaiter().GetResult();
            if (nextStart < count)
            {
                Schedule();
            }

            var start = 0;
            foreach (var end in raw.valueEnds)
            {
                writer.WriteRawValue(raw.buffer.AsSpan(start, end - start), skipInputValidation: true);
                start = end;
            }

            writer.Flush();
            raw.Length = 0;
            raw.valueEnds.Clear();
            spare.Add(raw);
        }
    }

    /// <summary>Appends a JSON string, escaped as the writer would.</summary>
    public void AppendString(string value)
    {
        var utf8Length = Encoding.UTF8.GetByteCount(value);
        var utf8 = ArrayPool<byte>.Shared.Rent(utf8Length);
        try
        {
            Encoding.UTF8.GetBytes(value, utf8);
            Reserve((utf8Length * 6) + 2); // worst case: every byte escaped as \uXXXX
            buffer[Length++] = (byte)'"';
            var status = Encoder.EncodeUtf8(utf8.AsSpan(0, utf8Length), buffer.AsSpan(Length), out _, out var written);
            if (status != OperationStatus.Done)
            {
                throw new InvalidOperationException($"Could not escape {value}: {status}.");
            }

            Length += written;
            buffer[Length++] = (byte)'"';
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    public void Append(byte value)
    {
        Reserve(1);
        buffer[Length++] = value;
    }

    public void Append(ReadOnlySpan<byte> value)
    {
        Reserve(value.Length);
        value.CopyTo(buffer.AsSpan(Length));
        Length += value.Length;
    }

    public void AppendInteger(long value)
    {
        Reserve(20);
        value.TryFormat(buffer.AsSpan(Length), out var written);
        Length += written;
    }

    /// <summary>
    /// Appends <paramref name="thousandths"/> / 1000, an integral double, as JavaScript's
    /// Number#toString prints that quotient: for n / 1000 below 10⁹ the shortest round-trip form
    /// is the decimal with at most three fractional digits, trailing zeros dropped (3.6 not 3.600).
    /// </summary>
    public void AppendThousandths(double thousandths)
    {
        if (thousandths is >= 0 and < 1e12)
        {
            var (whole, fraction) = Math.DivRem((long)thousandths, 1000L);
            AppendInteger(whole);
            if (fraction != 0)
            {
                Reserve(4);
                buffer[Length++] = (byte)'.';
                buffer[Length++] = (byte)('0' + (fraction / 100));
                fraction %= 100;
                if (fraction != 0)
                {
                    buffer[Length++] = (byte)('0' + (fraction / 10));
                    fraction %= 10;
                    if (fraction != 0)
                    {
                        buffer[Length++] = (byte)('0' + fraction);
                    }
                }
            }

            return;
        }

        // Out of any realistic range: same value, .NET's shortest round-trip spelling
        // (JSON.stringify writes null for non-finite numbers).
        var value = thousandths / 1000;
        if (!double.IsFinite(value))
        {
            Append("null"u8);
            return;
        }

        Reserve(32);
        value.TryFormat(buffer.AsSpan(Length), out var written, "R", System.Globalization.CultureInfo.InvariantCulture);
        Length += written;
    }

    private void Reserve(int count)
    {
        if (Length + count > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, Length + count));
        }
    }
}
