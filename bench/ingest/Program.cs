using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Archive.Ingest;
using Archive.Ingest.Cleaning;
using Archive.Ingest.Metadata;
using Archive.Ingest.Output;
using Archive.Ingest.Reading;
using Archive.Ingest.Rules;
using Archive.Ingest.Splitting;
using Archive.Ingest.Structure;

namespace Archive.Bench.Ingest;

/// <summary>
/// Ingest throughput: the real corpus (input/*.txt) repeated, with small per-copy variations, to at
/// least 50 MB; per-file ingest (read → strip → unmask → split → structure → metadata → Markdown → id)
/// on one core and on all cores, then duplicate merging; MB/s and peak working set.
/// Run: <c>dotnet run --project bench/ingest -c Release [-- --mb 64 --gbk 0.1 --runs 3 --steps]</c>.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var targetMb = Option(args, "--mb", 64.0);
        var gbkShare = Option(args, "--gbk", 0.1);
        var runs = (int)Option(args, "--runs", 3.0);
        var steps = args.Contains("--steps");

        var root = FindRoot();
        var corpus = Directory.GetFiles(Path.Combine(root, "input"), "*.txt").Order(StringComparer.Ordinal)
            .Select(p => (Name: Path.GetFileName(p), Text: File.ReadAllText(p, Encoding.UTF8)))
            .ToList();
        var inputs = Generate(corpus, (long)(targetMb * 1024 * 1024), gbkShare);
        var totalBytes = inputs.Sum(i => (long)i.Bytes.Length);
        var mb = totalBytes / (1024.0 * 1024.0);

        Console.WriteLine($"input: {inputs.Count} files, {mb:F1} MB ({corpus.Count} corpus files repeated with variations; {gbkShare:P0} re-encoded as GB18030)");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}, load average {LoadAverage()}"));

        var pipeline = IngestPipeline.Default;
        IngestAll(pipeline, inputs.Take(40).ToList(), Environment.ProcessorCount); // JIT and tiering warm-up
        IngestAll(pipeline, inputs.Take(40).ToList(), 1);

        foreach (var cores in new[] { 1, Environment.ProcessorCount }.Distinct())
        {
            var best = double.MaxValue;
            var bestCpu = double.MaxValue;
            ImmutableArray<FileResult> files = [];
            long allocated = 0;
            for (var run = 0; run < runs; run++)
            {
                GC.Collect();
                var before = GC.GetTotalAllocatedBytes(precise: true);
                var cpuBefore = CpuSeconds();
                var sw = Stopwatch.StartNew();
                files = IngestAll(pipeline, inputs, cores);
                best = Math.Min(best, sw.Elapsed.TotalSeconds);
                bestCpu = Math.Min(bestCpu, CpuSeconds() - cpuBefore);
                allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            }

            var merge = Stopwatch.StartNew();
            var merged = pipeline.MergeDuplicates(files);
            merge.Stop();
            var reports = files.Sum(f => f.Reports.Length);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{cores} core(s): per-file ingest {best:F2} s = {mb / best:F1} MB/s wall (best of {runs}); {bestCpu:F2} CPU-s = {mb / bestCpu:F1} MB per CPU-second; " +
                $"merge {merge.Elapsed.TotalSeconds:F2} s; {reports} reports → {merged.Length} unique; allocated {allocated / (1024.0 * 1024 * 1024):F2} GB per run"));
        }

        if (steps)
        {
            TimeSteps(inputs, mb);
        }

        if (args.Contains("--fingerprint"))
        {
            Console.WriteLine($"fingerprint: {Fingerprint(pipeline, inputs)}");
        }

        using var self = Process.GetCurrentProcess();
        self.Refresh();
        Console.WriteLine($"peak working set: {self.PeakWorkingSet64 / (1024.0 * 1024):F0} MB (input held in memory: {mb:F0} MB of bytes)");
        return 0;
    }

    /// <summary>
    /// SHA-256 over everything per-file ingest and merging produce (documents, line lists, logs,
    /// warnings, skips): equal before and after an optimisation means the output did not change.
    /// </summary>
    private static string Fingerprint(IngestPipeline pipeline, List<(string Name, byte[] Bytes)> inputs)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        void Add(string text) => hash.AppendData(Encoding.UTF8.GetBytes(text + "\u0001"));
        var files = new List<FileResult>();
        foreach (var (name, bytes) in inputs)
        {
            var read = SourceReader.Read(bytes, name);
            if (read.Source is not { } source)
            {
                Add($"skipped {name}: {read.Skipped}");
                continue;
            }

            Add($"{name} {source.Encoding} {source.Sha256} {string.Join('|', source.Warnings)}");
            var file = pipeline.IngestFile(source);
            files.Add(file);
            Add($"{file.LineCount} {string.Join('|', file.Warnings)}");
            foreach (var e in file.Log)
            {
                Add(e.ToString());
            }

            foreach (var r in file.Reports)
            {
                Add(string.Join(',', r.Lines));
                Add(ReportDocument.Render(r.Report));
                Add(string.Join('|', r.Report.Metadata.Regions.Concat(r.Report.Metadata.Kinds)));
            }
        }

        foreach (var r in pipeline.MergeDuplicates([.. files]))
        {
            Add(ReportDocument.Render(r));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    // Other work on the machine slows the wall clock; CPU seconds are less sensitive to it.
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static double CpuSeconds()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    private static ImmutableArray<FileResult> IngestAll(IngestPipeline pipeline, List<(string Name, byte[] Bytes)> inputs, int cores)
    {
        var results = new FileResult?[inputs.Count];
        Parallel.For(0, inputs.Count, new ParallelOptions { MaxDegreeOfParallelism = cores }, i =>
        {
            var read = SourceReader.Read(inputs[i].Bytes, inputs[i].Name);
            results[i] = read.Source is { } source ? pipeline.IngestFile(source) : null;
        });

        return [.. results.OfType<FileResult>()];
    }

    /// <summary>Times each step of per-file ingest on one core, the way IngestPipeline.IngestFile chains them.</summary>
    private static void TimeSteps(List<(string Name, byte[] Bytes)> inputs, double mb)
    {
        var rules = CleaningRules.Default;
        var departments = DepartmentTable.Default;
        var strip = new StripNoise(rules);
        var unmask = new Unmask(rules);
        var split = new SplitReports(rules, departments);
        var structure = new StructureOutline(departments);
        var metadata = new ExtractMetadata(rules, departments);
        var t = new Stopwatch[8];
        for (var i = 0; i < t.Length; i++)
        {
            t[i] = new Stopwatch();
        }

        var total = Stopwatch.StartNew();
        foreach (var (name, bytes) in inputs)
        {
            t[0].Start();
            var source = SourceReader.Read(bytes, name).Source;
            t[0].Stop();
            if (source is null)
            {
                continue;
            }

            t[1].Start();
            var stripped = strip.Apply(source);
            t[1].Stop();
            t[2].Start();
            var cleaned = unmask.Apply(stripped);
            t[2].Stop();
            t[3].Start();
            var drafts = split.Apply(cleaned);
            t[3].Stop();
            foreach (var draft in drafts.Reports)
            {
                t[4].Start();
                var (blocks, _) = structure.Apply(name, draft.Body);
                t[4].Stop();
                t[5].Start();
                _ = metadata.Apply(new MetadataInput(name, draft.Title, draft.TitleFromFileName, blocks));
                t[5].Stop();
                t[6].Start();
                var markdown = MarkdownText.Write(blocks);
                t[6].Stop();
                t[7].Start();
                _ = ReportIdentity.Id(draft.Title, string.Concat(draft.Body.Select(l => l.Text)));
                _ = ReportIdentity.ContentHash(draft.Title, markdown);
                t[7].Stop();
            }
        }

        total.Stop();
        string[] names = ["read+decode", "StripNoise", "Unmask", "SplitReports", "StructureOutline", "ExtractMetadata", "MarkdownText", "ReportIdentity"];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"steps on one core ({total.Elapsed.TotalSeconds:F2} s, {mb / total.Elapsed.TotalSeconds:F1} MB/s without the pipeline's own bookkeeping):"));
        for (var i = 0; i < names.Length; i++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {names[i],-17} {t[i].Elapsed.TotalSeconds,6:F2} s  {100 * t[i].Elapsed.TotalSeconds / total.Elapsed.TotalSeconds,5:F1} %  {mb / t[i].Elapsed.TotalSeconds,8:F1} MB/s"));
        }
    }

    /// <summary>
    /// Copies of the corpus until <paramref name="targetBytes"/>: each copy k changes the digits of
    /// numbers other than years (a per-copy permutation of 0–9) and the masked xx placeholders, so its
    /// reports get their own ids; every fifth copy repeats the one before exactly (a duplicate to merge).
    /// </summary>
    private static List<(string Name, byte[] Bytes)> Generate(List<(string Name, string Text)> corpus, long targetBytes, double gbkShare)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gbk = Encoding.GetEncoding("GB18030");
        var random = new Random(20231019);
        var inputs = new List<(string, byte[])>();
        long total = 0;
        string? previous = null;
        for (var copy = 0; total < targetBytes; copy++)
        {
            var (name, text) = corpus[copy % corpus.Count];
            var variant = copy % 5 == 4 && previous is not null && copy >= corpus.Count
                ? previous
                : Vary(text, copy / corpus.Count, random);
            previous = copy % corpus.Count == corpus.Count - 1 ? null : previous;
            var bytes = random.NextDouble() < gbkShare ? gbk.GetBytes(variant) : Encoding.UTF8.GetBytes(variant);
            inputs.Add(($"copy{copy:D5}/{name}", bytes));
            total += bytes.Length;
            previous = variant;
        }

        return inputs;
    }

    private static string Vary(string text, int round, Random random)
    {
        if (round == 0)
        {
            return text;
        }

        // Other numbers get a per-copy permutation of the digits; years move back by up to four years;
        // the masked xx / XX placeholders get a per-copy filler.
        var digits = Enumerable.Range(0, 10).OrderBy(_ => random.Next()).Select(d => (char)('0' + d)).ToArray();
        var yearShift = round % 5;
        const string letters = "qrstuvwyzk";
        var filler = $"{letters[round % 10]}{letters[round / 10 % 10]}{letters[round / 100 % 10]}";
        var sb = new StringBuilder(text.Length + 64);
        for (var i = 0; i < text.Length;)
        {
            if (char.IsAsciiDigit(text[i]))
            {
                var end = i;
                while (end < text.Length && char.IsAsciiDigit(text[end]))
                {
                    end++;
                }

                if (end - i == 4 && text[i] == '2' && text[i + 1] == '0')
                {
                    sb.Append(int.Parse(text.AsSpan(i, 4), CultureInfo.InvariantCulture) - yearShift);
                }
                else
                {
                    for (var j = i; j < end; j++)
                    {
                        sb.Append(digits[text[j] - '0']);
                    }
                }

                i = end;
            }
            else if (i + 1 < text.Length && (text[i], text[i + 1]) is ('x', 'x') or ('X', 'X'))
            {
                sb.Append(text[i]).Append(text[i + 1]).Append(filler);
                i += 2;
            }
            else
            {
                sb.Append(text[i]);
                i++;
            }
        }

        return sb.ToString();
    }

    private static double Option(string[] args, string name, double fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? double.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Archive.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
