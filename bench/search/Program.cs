using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Archive.Search;

namespace Archive.Bench.Search;

/// <summary>
/// LunrIndexBuilder throughput on a synthetic archive: sentences of the real reports (input/*.txt)
/// recombined into documents of realistic size, with redrawn figures (every digit, and most masked
/// xx/XX placeholders become random digits) so that documents differ and the term count is realistic;
/// fields title (boost 10) and body, refs "0", "1", … (as GenerateSearchIndex writes them).
/// Times Add (all documents, one thread) and WriteTo into a FileStream and into Stream.Null,
/// <c>--runs</c> times each (every WriteTo is the first call on a freshly built builder); prints best and median, MB/s and the peak working set, and the SHA-256
/// of the index written (equal before and after an optimisation means identical bytes).
/// Run: <c>dotnet run --project bench/search -c Release [-- --docs 10000 --mb 50 --runs 5 --seed 1 --shards 0 --out /tmp/archive-bench-search]</c>;
/// <c>--shards N</c> also times WriteShards(N) into Stream.Null after each WriteTo(Stream.Null).
/// </summary>
public static class Program
{
    private static readonly LunrIndexOptions Options = new() { Fields = [new("title", Boost: 10), new("body", 1)] };

    public static int Main(string[] args)
    {
        var docCount = (int)Option(args, "--docs", 10000);
        var targetMb = Option(args, "--mb", 50);
        var substitution = Option(args, "--han", 0.24);
        var runs = Math.Max(1, (int)Option(args, "--runs", 5));
        var seed = (int)Option(args, "--seed", 1);
        var outDir = OptionString(args, "--out", Path.Combine(Path.GetTempPath(), "archive-bench-search"));
        Directory.CreateDirectory(outDir);
        var indexPath = Path.Combine(outDir, "index.json");

        var generate = Stopwatch.StartNew();
        var documents = Generate(FindRoot(), docCount, (long)(targetMb * 1_000_000), substitution, seed);
        var inputBytes = documents.Sum(d => (long)Encoding.UTF8.GetByteCount(d.Fields["title"]) + Encoding.UTF8.GetByteCount(d.Fields["body"]));
        var inputMb = inputBytes / 1e6;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"input: {documents.Count} documents, {inputMb:F1} MB of UTF-8 text ({documents.Sum(d => (long)d.Fields["body"].Length) / 1e6:F1} M UTF-16 chars), generated in {generate.Elapsed.TotalSeconds:F1} s"));
        long tokens = 0;
        foreach (var d in documents)
        {
            ChineseTokenizer.Tokenize(d.Fields["title"], _ => tokens++);
            ChineseTokenizer.Tokenize(d.Fields["body"], _ => tokens++);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"tokens: {tokens / 1e6:F1} M"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}, load average {LoadAverage()}"));

        // Warm-up: JIT and tiering on a small index.
        var warm = new LunrIndexBuilder(Options);
        warm.AddRange(documents.Take(300));
        warm.WriteTo(Stream.Null);

        // Each run builds a fresh index twice (Add is timed both times): the first is written to a
        // FileStream, the second to Stream.Null. WriteTo is always the first call on its builder,
        // as in the site build (a repeated call would find the entries sorted already).
        var addTimes = new List<double>();
        var fileTimes = new List<double>();
        var nullTimes = new List<double>();
        var addFaults = new List<double>();
        var fileFaults = new List<double>();
        var nullFaults = new List<double>();
        var addCpu = new List<double>();
        var fileCpu = new List<double>();
        var nullCpu = new List<double>();
        var shardCount = (int)Option(args, "--shards", 0);
        var shardTimes = new List<double>();
        var shardCpu = new List<double>();
        long outputBytes = 0;
        long allocated = 0;
        var termCount = 0;
        double peakAfterAdd = 0, peakAfterFile = 0;
        var hashes = new HashSet<string>();
        for (var run = 0; run < runs; run++)
        {
            foreach (var toFile in new[] { true, false })
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                var (faults, cpu) = (MinorFaults(), CpuSeconds());
                var sw = Stopwatch.StartNew();
                var builder = new LunrIndexBuilder(Options);
                foreach (var d in documents)
                {
                    builder.Add(d);
                }

                addTimes.Add(sw.Elapsed.TotalSeconds);
                addFaults.Add(MinorFaults() - faults);
                addCpu.Add(CpuSeconds() - cpu);
                termCount = builder.TermCount;
                if (run == 0 && toFile)
                {
                    peakAfterAdd = PeakWorkingSetMb();
                }

                if (toFile)
                {
                    var before = GC.GetTotalAllocatedBytes(precise: true);
                    (faults, cpu) = (MinorFaults(), CpuSeconds());
                    sw.Restart();
                    using (var stream = File.Create(indexPath))
                    {
                        builder.WriteTo(stream);
                    }

                    fileTimes.Add(sw.Elapsed.TotalSeconds);
                    fileFaults.Add(MinorFaults() - faults);
                    fileCpu.Add(CpuSeconds() - cpu);
                    allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
                    outputBytes = new FileInfo(indexPath).Length;
                    if (run == 0)
                    {
                        peakAfterFile = PeakWorkingSetMb();
                    }

                    using var file = File.OpenRead(indexPath);
                    hashes.Add(Convert.ToHexStringLower(SHA256.HashData(file)));
                }
                else
                {
                    (faults, cpu) = (MinorFaults(), CpuSeconds());
                    sw.Restart();
                    builder.WriteTo(Stream.Null);
                    nullTimes.Add(sw.Elapsed.TotalSeconds);
                    nullFaults.Add(MinorFaults() - faults);
                    nullCpu.Add(CpuSeconds() - cpu);
                    if (shardCount > 0)
                    {
                        (faults, cpu) = (MinorFaults(), CpuSeconds());
                        sw.Restart();
                        builder.WriteShards(shardCount, (_, write) => write(Stream.Null));
                        shardTimes.Add(sw.Elapsed.TotalSeconds);
                        shardCpu.Add(CpuSeconds() - cpu);
                    }
                }
            }
        }

        var outputMb = outputBytes / 1e6;
        Report("Add", addTimes, inputMb, "MB of text/s", $"{termCount} terms");
        Report("WriteTo(FileStream)", fileTimes, outputMb, "MB of JSON/s",
            string.Create(CultureInfo.InvariantCulture, $"{outputMb:F1} MB written to {indexPath}; {allocated / 1e6:F0} MB allocated per call"));
        Report("WriteTo(Stream.Null)", nullTimes, outputMb, "MB of JSON/s", "");
        if (shardCount > 0)
        {
            Report($"WriteShards({shardCount}, Stream.Null)", shardTimes, outputMb, "MB of JSON/s", "");
            Console.WriteLine($"  WriteShards          cpu {Join(shardCpu, "F2")}");
        }
        Console.WriteLine("CPU seconds (user + system, all threads) and minor page faults, run by run:");
        Console.WriteLine($"  Add                  cpu {Join(addCpu, "F2")}; faults {Join(addFaults, "F0")}");
        Console.WriteLine($"  WriteTo(FileStream)  cpu {Join(fileCpu, "F2")}; faults {Join(fileFaults, "F0")}");
        Console.WriteLine($"  WriteTo(Stream.Null) cpu {Join(nullCpu, "F2")}; faults {Join(nullFaults, "F0")}");

        Console.WriteLine($"index sha256: {string.Join(" ", hashes)}{(hashes.Count > 1 ? "  DIFFERENT BYTES ACROSS RUNS" : "")}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"peak working set: {peakAfterAdd:F0} MB after the first Add, {peakAfterFile:F0} MB after the first WriteTo(FileStream), {PeakWorkingSetMb():F0} MB at the end (the generated documents, held in memory, are part of it)"));
        return 0;
    }

    private static void Report(string what, List<double> seconds, double mb, string unit, string note)
    {
        var sorted = seconds.Order().ToList();
        var best = sorted[0];
        var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what,-22} best {best:F3} s ({mb / best:F1} {unit}), median {median:F3} s ({mb / median:F1} {unit}); runs {string.Join(' ', seconds.Select(s => s.ToString("F3", CultureInfo.InvariantCulture)))}{(note.Length > 0 ? "; " + note : "")}"));
    }

    /// <summary>
    /// Documents of about targetBytes / count UTF-8 bytes each (±50 %): a title made from a short
    /// line of the corpus, and a body of random corpus sentences in paragraphs of 1–6 sentences.
    /// Digits are redrawn; masked figures (runs of x or X) become digits 60 % of the time; a share
    /// <paramref name="substitution"/> of the Han characters is replaced by one drawn with the
    /// corpus's character frequencies, which gives the bigram vocabulary of a large real archive
    /// (the 26 reports of input/ alone have only ~50k distinct terms; 10,000 real ones ~850k).
    /// </summary>
    private static List<SearchDocument> Generate(string root, int count, long targetBytes, double substitution, int seed)
    {
        var sentences = new List<string>();
        var hanPool = new List<char>();
        var titles = new List<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(root, "input"), "*.txt").Order(StringComparer.Ordinal))
        {
            foreach (var raw in File.ReadLines(file, Encoding.UTF8))
            {
                var line = raw.Replace("##paidbegin##", "").Replace("##paidend##", "").Trim();
                if (line.Length == 0)
                {
                    continue;
                }

                hanPool.AddRange(line.Where(c => c is >= '\u4E00' and <= '\u9FFF'));

                if (line.Length is >= 8 and <= 40 && !line.EndsWith('。'))
                {
                    titles.Add(line);
                }

                var start = 0;
                for (var i = 0; i < line.Length; i++)
                {
                    if (line[i] is '。' or '！' or '？' or '；' || i == line.Length - 1)
                    {
                        var sentence = line[start..(i + 1)].Trim();
                        if (sentence.Length >= 4)
                        {
                            sentences.Add(sentence);
                        }

                        start = i + 1;
                    }
                }
            }
        }

        var random = new Random(seed);
        var perDocument = targetBytes / count;
        var documents = new List<SearchDocument>(count);
        var body = new StringBuilder();
        for (var d = 0; d < count; d++)
        {
            var size = (long)(perDocument * (0.5 + random.NextDouble()));
            body.Clear();
            long bytes = 0;
            while (bytes < size)
            {
                var paragraph = random.Next(1, 7);
                for (var s = 0; s < paragraph && bytes < size; s++)
                {
                    var sentence = Redraw(sentences[random.Next(sentences.Count)], random, hanPool, substitution);
                    body.Append(sentence);
                    bytes += Encoding.UTF8.GetByteCount(sentence);
                }

                body.Append('\n');
                bytes++;
            }

            var title = Redraw(titles[random.Next(titles.Count)], random, hanPool, substitution);
            documents.Add(new SearchDocument(d.ToString(CultureInfo.InvariantCulture),
                new Dictionary<string, string> { ["title"] = title, ["body"] = body.ToString() }));
        }

        return documents;
    }

    private static string Redraw(string text, Random random, List<char> hanPool, double substitution)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] is >= '\u4E00' and <= '\u9FFF')
            {
                if (random.NextDouble() < substitution)
                {
                    chars[i] = hanPool[random.Next(hanPool.Count)];
                }
            }
            else if (char.IsAsciiDigit(chars[i]))
            {
                chars[i] = (char)('0' + random.Next(10));
            }
            else if (chars[i] is 'x' or 'X' && (i == 0 || !char.IsAsciiLetter(chars[i - 1])))
            {
                var end = i;
                while (end < chars.Length && chars[end] == chars[i])
                {
                    end++;
                }

                if (end == chars.Length || !char.IsAsciiLetter(chars[end]))
                {
                    var replace = random.NextDouble() < 0.6;
                    for (; i < end; i++)
                    {
                        if (replace)
                        {
                            chars[i] = (char)('0' + random.Next(10));
                        }
                    }
                }

                i = end - 1;
            }
        }

        return new string(chars);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Archive.sln")) || Directory.Exists(Path.Combine(dir.FullName, "input")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    private static string Join(List<double> values, string format) =>
        string.Join(' ', values.Select(v => v.ToString(format, CultureInfo.InvariantCulture)));

    private static double CpuSeconds()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>The process's minor page faults so far (Linux; 0 elsewhere).</summary>
    private static double MinorFaults()
    {
        // /proc/self/stat: pid (comm) state ppid … minflt is the 10th field; comm may hold spaces.
        if (!File.Exists("/proc/self/stat"))
        {
            return 0;
        }

        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return double.Parse(fields[7], CultureInfo.InvariantCulture);
    }

    private static double PeakWorkingSetMb()
    {
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        return self.PeakWorkingSet64 / 1e6;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static double Option(string[] args, string name, double fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? double.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string OptionString(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
