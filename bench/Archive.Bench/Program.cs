using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Archive.Bench;
using Archive.Site;

// archive-bench: tools for bench/run.sh.
//   generate --reports N [--per-file 10] [--seed 1] [--source input] [--gold tests/fixtures/gold-reports.tsv] --out DIR
//   build    --input DIR --output DIR [--theme theme] [--cache DIR] [--content DIR] [--json FILE] [--incremental true]
//            (one build in-process through SiteBuild.Run, clean unless --incremental; prints per-step timings)
//   verify   --output DIR --expect N     (the built archive's reports.json holds exactly N reports)
//   hugo-content --from DIR --to DIR    (our content/ Markdown → Hugo content, taxonomy values as string lists)
//   profile  --input DIR [--theme theme] (the build's expensive pieces timed one by one, on one thread)
Console.OutputEncoding = Encoding.UTF8;
if (args.Length == 0)
{
    return Usage();
}

var options = Options.Parse(args.Skip(1));
try
{
    return args[0] switch
    {
        "generate" => Generate(options),
        "build" => Build(options),
        "verify" => Verify(options),
        "hugo-content" => HugoContent.Convert(options.Require("from"), options.Require("to")),
        "profile" => Profile.Run(Path.GetFullPath(options.Require("input")), Path.GetFullPath(options.Get("theme", "theme"))),
        _ => Usage(),
    };
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"archive-bench: {ex.Message}");
    return 2;
}

static int Usage()
{
    Console.Error.WriteLine("usage: archive-bench generate|build|verify|hugo-content|profile [options] (see bench/README.md)");
    return 2;
}

static int Generate(Options o)
{
    var watch = Stopwatch.StartNew();
    var corpus = Corpus.Load(o.Get("source", "input"), o.Get("gold", "tests/fixtures/gold-reports.tsv"));
    var settings = new GeneratorOptions(o.Int("reports", 10_000), o.Int("per-file", 10), o.Int("seed", 1));
    var result = new Generator(corpus, settings).Write(o.Require("out"));
    Console.WriteLine(
        $"generated {result.Reports} reports in {result.Files} files ({result.Bytes / 1e6:F1} MB) from {corpus.Reports.Count} real reports " +
        $"({corpus.Openings.Count} openings, {corpus.Paragraphs.Count} paragraphs) in {watch.Elapsed.TotalSeconds:F1} s; seed {settings.Seed}, {result.Retries} openings redrawn");
    return 0;
}

static int Build(Options o)
{
    var output = Path.GetFullPath(o.Require("output"));
    var siteOptions = new SiteOptions
    {
        InputDirectory = Path.GetFullPath(o.Require("input")),
        OutputDirectory = output,
        ThemeDirectory = Path.GetFullPath(o.Get("theme", "theme")),
        CacheDirectory = o.Has("cache") ? Path.GetFullPath(o.Require("cache")) : null,
        ContentDirectory = o.Has("content") ? Path.GetFullPath(o.Require("content")) : null,
        Clean = !o.Has("incremental"),
    };

    var gcBefore = GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2);
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
    var events = new List<(string Name, TimeSpan At)>();
    var watch = Stopwatch.StartNew();

    // CPU time of the process sampled every 100 ms: how many cores were busy during each step.
    var samples = new List<(TimeSpan At, TimeSpan Cpu)>();
    using var sampling = new CancellationTokenSource();
    var sampler = new Thread(() =>
    {
        using var self = Process.GetCurrentProcess();
        while (!sampling.IsCancellationRequested)
        {
            self.Refresh();
            lock (samples)
            {
                samples.Add((watch.Elapsed, self.TotalProcessorTime));
            }

            Thread.Sleep(100);
        }
    }) { IsBackground = true };
    sampler.Start();
    var summary = new SiteBuild(siteOptions).Run(step =>
    {
        lock (events)
        {
            events.Add((step, watch.Elapsed));
        }
    });
    var elapsed = watch.Elapsed;
    sampling.Cancel();
    sampler.Join();
    double Cores(TimeSpan from, TimeSpan to)
    {
        lock (samples)
        {
            static TimeSpan CpuAt(List<(TimeSpan At, TimeSpan Cpu)> s, TimeSpan t)
            {
                var i = s.FindLastIndex(x => x.At <= t);
                return i < 0 ? TimeSpan.Zero : s[i].Cpu;
            }

            return to - from < TimeSpan.FromMilliseconds(300) ? double.NaN : (CpuAt(samples, to) - CpuAt(samples, from)) / (to - from);
        }
    }

    var gcInfo = GC.GetGCMemoryInfo(GCKind.Any);
    using var process = Process.GetCurrentProcess();
    var peak = process.PeakWorkingSet64;
    var html = Directory.EnumerateFiles(output, "*.html", SearchOption.AllDirectories).Count();
    var files = Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories).Count();

    // A step's end is when it reported done; its start is that minus its own time. Progress messages
    // that are not steps ("ingest", "publishing"…) mark phases of SiteBuild.Run outside the step
    // runner: each lasts until the next message, the first step's start, or the end.
    var stepNames = summary.Timings.Select(t => t.Step).ToHashSet(StringComparer.Ordinal);
    var ends = events.Where(e => stepNames.Contains(e.Name)).ToDictionary(e => e.Name, e => e.At, StringComparer.Ordinal);
    var firstStart = summary.Timings.Select(t => ends.GetValueOrDefault(t.Step) - t.Elapsed).DefaultIfEmpty(TimeSpan.Zero).Min();
    var lastEnd = ends.Values.DefaultIfEmpty(TimeSpan.Zero).Max();
    var rows = new List<(string Name, TimeSpan Start, TimeSpan End)>();
    var markers = events.Where(e => !stepNames.Contains(e.Name)).ToList();
    var before = markers.Where(m => m.At <= firstStart).ToList();
    var after = markers.Where(m => m.At >= lastEnd).ToList();
    rows.Add(("(start: lock, cache, theme check" + (before.Count == 0 ? ", ingest, theme load)" : ")"), TimeSpan.Zero, before.Count > 0 ? before[0].At : firstStart));
    for (var i = 0; i < before.Count; i++)
    {
        rows.Add(($"‹{before[i].Name}›" + (i == before.Count - 1 ? " (+ theme load, until the first step)" : ""), before[i].At, i + 1 < before.Count ? before[i + 1].At : firstStart));
    }

    rows.AddRange(summary.Timings.Select(t => (t.Step, ends.GetValueOrDefault(t.Step) - t.Elapsed, ends.GetValueOrDefault(t.Step))).OrderBy(r => r.Item2));
    if (after.Count == 0 || after[0].At - lastEnd > TimeSpan.FromMilliseconds(50))
    {
        rows.Add(("(after the last step)", lastEnd, after.Count > 0 ? after[0].At : elapsed));
    }

    for (var i = 0; i < after.Count; i++)
    {
        rows.Add(($"‹{after[i].Name}›" + (after[i].Name == "publishing" && i == after.Count - 1 ? " (publish, cache save, content sync)" : ""), after[i].At, i + 1 < after.Count ? after[i + 1].At : elapsed));
    }

    Console.WriteLine($"| step or phase | starts at (s) | ends at (s) | time (s) | share of wall | cores busy meanwhile (of {Environment.ProcessorCount}) |");
    Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
    foreach (var (name, start, end) in rows)
    {
        Console.WriteLine($"| {name} | {S(start)} | {S(end)} | {S(end - start)} | {Share(end - start, elapsed)} | {C(start, end)} |");
    }

    Console.WriteLine($"| **whole SiteBuild.Run** | 0.00 | {S(elapsed)} | {S(elapsed)} | 100% | {C(TimeSpan.Zero, elapsed)} |");
    Console.WriteLine();
    var cpu = Cores(TimeSpan.Zero, elapsed) * elapsed.TotalSeconds;
    Console.WriteLine($"{summary.Reports} reports from {summary.Files} files; {files} files ({html} HTML) in {output}; " +
        $"CPU {cpu:F1} s in {elapsed.TotalSeconds:F1} s wall; peak working set {peak / 1048576.0:F0} MiB; GC heap after {gcInfo.HeapSizeBytes / 1048576.0:F0} MiB; " +
        $"allocated {(GC.GetTotalAllocatedBytes(false) - allocatedBefore) / 1048576.0:F0} MiB; " +
        $"{GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2) - gcBefore} GCs (gen2 {GC.CollectionCount(2)}), " +
        $"GC pause {GC.GetTotalPauseDuration().TotalSeconds:F2} s; load average at the end {LoadAverage()}");

    if (o.Has("json"))
    {
        var json = new
        {
            reports = summary.Reports,
            inputFiles = summary.Files,
            files,
            html,
            seconds = elapsed.TotalSeconds,
            phases = rows.Select(r => new { name = r.Name, start = r.Start.TotalSeconds, seconds = (r.End - r.Start).TotalSeconds, coresBusy = Nan(Cores(r.Start, r.End)) }),
            peakWorkingSetBytes = peak,
            allocatedBytes = GC.GetTotalAllocatedBytes(false) - allocatedBefore,
            gcPauseSeconds = GC.GetTotalPauseDuration().TotalSeconds,
            cpuSeconds = cpu,
            loadAverage = LoadAverage(),
        };
        File.WriteAllText(o.Require("json"), JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }));
    }

    return 0;

    string C(TimeSpan from, TimeSpan to) => Cores(from, to) is var c && double.IsNaN(c) ? "–" : c.ToString("F2", CultureInfo.InvariantCulture);
    static double? Nan(double x) => double.IsNaN(x) ? null : x;
    static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
    static string S(TimeSpan t) => t.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture);
    static string Share(TimeSpan part, TimeSpan whole) => (part / whole).ToString("P0", CultureInfo.InvariantCulture);
}

static int Verify(Options o)
{
    var expect = o.Int("expect", -1);
    using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(o.Require("output"), "reports.json")));
    var count = doc.RootElement.GetArrayLength();
    var titles = doc.RootElement.EnumerateArray().Select(r => r.GetProperty("title").GetString()).Distinct().Count();
    var years = doc.RootElement.EnumerateArray().Select(r => r.GetProperty("year").ToString()).Distinct().Count();
    var departments = doc.RootElement.EnumerateArray().Select(r => r.GetProperty("department").GetString()).Distinct().Count();
    var periods = doc.RootElement.EnumerateArray().Select(r => r.GetProperty("period").GetString()).Distinct().Count();
    Console.WriteLine($"{count} reports ({titles} distinct titles, {years} years, {periods} periods, {departments} departments)");
    if (expect >= 0 && count != expect)
    {
        Console.Error.WriteLine($"verify: expected {expect} reports in the built archive, found {count}");
        return 1;
    }

    return 0;
}

/// <summary>--name value pairs.</summary>
internal sealed class Options
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static Options Parse(IEnumerable<string> args)
    {
        var o = new Options();
        string? name = null;
        foreach (var a in args)
        {
            if (a.StartsWith("--", StringComparison.Ordinal))
            {
                name = a[2..];
                o._values[name] = "";
            }
            else if (name is not null)
            {
                o._values[name] = a;
                name = null;
            }
            else
            {
                throw new ArgumentException($"unexpected argument {a}");
            }
        }

        return o;
    }

    public bool Has(string name) => _values.ContainsKey(name);

    public string Get(string name, string fallback) => _values.GetValueOrDefault(name) is { Length: > 0 } v ? v : fallback;

    public string Require(string name) => _values.GetValueOrDefault(name) is { Length: > 0 } v ? v : throw new ArgumentException($"--{name} is required");

    public int Int(string name, int fallback) => Has(name) ? int.Parse(Require(name), CultureInfo.InvariantCulture) : fallback;
}
