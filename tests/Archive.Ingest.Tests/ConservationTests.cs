using System.Text;
using System.Text.RegularExpressions;
using Archive.Core;
using Archive.Ingest.Reading;
using Archive.Ingest.Tests.Support;

namespace Archive.Ingest.Tests;

/// <summary>
/// The key property of ingest: every line of every input file ends up in exactly one report or is
/// logged as dropped — never both, never neither — for the bundled corpus and for hundreds of
/// mutated copies of it (shuffled, cut, re-encoded, damaged, injected with noise). Nothing throws.
/// </summary>
public sealed partial class ConservationTests
{
    public const int Mutants = 200;

    [GeneratedRegex("^[0-9a-f]{10}$")]
    private static partial Regex ValidId();

    /// <summary>
    /// What is wrong with one file's result (empty when the property holds). A raw line that cleaning
    /// cut in parts at line breaks (a web page's <c>&lt;p&gt;…&lt;/p&gt;&lt;p&gt;…&lt;/p&gt;</c> on one line) may
    /// have its parts in several places; it still has to be somewhere.
    /// </summary>
    public static List<string> Violations(FileResult result)
    {
        var problems = new List<string>();
        var owner = new Dictionary<int, string>();
        var cut = result.Log.Where(e => e.Action == CleaningAction.Trimmed && e.Detail.StartsWith("line cut in ", StringComparison.Ordinal))
            .Select(e => e.Line).ToHashSet();
        void Claim(int line, string by)
        {
            if (line < 1 || line > result.LineCount)
            {
                problems.Add($"line {line} ({by}) is outside 1–{result.LineCount}");
            }
            else if (!owner.TryAdd(line, by) && !cut.Contains(line))
            {
                problems.Add($"line {line} is in {owner[line]} and in {by}");
            }
        }

        foreach (var r in result.Reports)
        {
            var name = $"report {r.Report.Id} (line {r.Report.Sources[0].Line})";
            foreach (var line in r.Lines)
            {
                Claim(line, name);
            }

            if (string.IsNullOrWhiteSpace(r.Report.Metadata.Title.Value))
            {
                problems.Add($"{name} has an empty title");
            }

            if (!ValidId().IsMatch(r.Report.Id))
            {
                problems.Add($"{name} has an invalid id '{r.Report.Id}'");
            }

            if (!r.Lines.Contains(r.Report.Sources[0].Line) || !r.Lines.Contains(r.Report.Sources[0].LastLine))
            {
                problems.Add($"{name}: its source range {r.Report.Sources[0].Line}–{r.Report.Sources[0].LastLine} is not among its lines");
            }
        }

        foreach (var e in result.Log.Where(e => e.Action == CleaningAction.Dropped))
        {
            Claim(e.Line, $"the log (dropped: {e.Detail})");
        }

        var missing = Enumerable.Range(1, result.LineCount).Where(n => !owner.ContainsKey(n)).ToList();
        if (missing.Count > 0)
        {
            problems.Add($"{missing.Count} line(s) in no report and not dropped: {string.Join(", ", missing.Take(10))}");
        }

        return problems;
    }

    [Fact]
    public void Every_line_of_the_bundled_corpus_is_in_exactly_one_report_or_dropped()
    {
        foreach (var (name, bytes) in Sources.Corpus)
        {
            var source = Sources.Read(bytes, name);
            var result = IngestPipeline.Default.IngestFile(source);

            Assert.Equal(File.ReadAllLines(Path.Combine(RepoPaths.Input, name)).Length, result.LineCount);
            Assert.NotEmpty(result.Reports);
            var problems = Violations(result);
            Assert.True(problems.Count == 0, $"{name}:\n" + string.Join("\n", problems));
        }
    }

    [Fact]
    public void The_whole_corpus_through_the_folder_pipeline_keeps_every_line()
    {
        var result = IngestPipeline.Default.Ingest(InputFolder.Enumerate(RepoPaths.Input));

        Assert.Empty(result.Skipped);
        Assert.Equal(Sources.Corpus.Count, result.Files.Length);
        Assert.All(result.Files, f => Assert.Empty(Violations(f)));
    }

    [Fact]
    public void The_checker_itself_catches_a_lost_line_and_a_line_counted_twice()
    {
        var result = IngestPipeline.Default.IngestFile(Sources.Read(Sources.Corpus[0].Bytes, Sources.Corpus[0].Name));
        var first = result.Reports[0];

        var lost = result with { Reports = [first with { Lines = first.Lines.RemoveAt(first.Lines.Length - 1) }, .. result.Reports[1..]] };
        var twice = result with { Log = result.Log.Add(new CleaningEntry(result.File, first.Lines[0], CleaningAction.Dropped, "test")) };

        Assert.Contains(Violations(lost), p => p.Contains("in no report and not dropped", StringComparison.Ordinal));
        Assert.Contains(Violations(twice), p => p.Contains("and in the log", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_line_of_every_mutated_copy_is_in_exactly_one_report_or_dropped_and_nothing_throws()
    {
        var failures = new List<string>();
        var read = 0;
        var skipped = 0;
        var results = new List<FileResult>();
        for (var seed = 1; seed <= Mutants; seed++)
        {
            var original = Sources.Corpus[seed % Sources.Corpus.Count];
            var mutant = new CorpusMutator(seed).Mutate(original.Name, Encoding.UTF8.GetString(original.Bytes));
            try
            {
                var outcome = SourceReader.Read(mutant.Bytes, mutant.Name);
                if (outcome.Source is null)
                {
                    skipped++;
                    if (string.IsNullOrWhiteSpace(outcome.Skipped) || outcome.Skipped.Contains('\n'))
                    {
                        failures.Add($"seed {seed} {mutant}: skipped without a one-line reason");
                    }

                    continue;
                }

                read++;
                var result = IngestPipeline.Default.IngestFile(outcome.Source);
                results.Add(result);
                failures.AddRange(Violations(result).Select(p => $"seed {seed} {mutant}: {p}"));
            }
            catch (Exception ex)
            {
                failures.Add($"seed {seed} {mutant}: {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}");
            }
        }

        var merged = IngestPipeline.Default.MergeDuplicates([.. results]);

        Assert.True(failures.Count == 0, $"{failures.Count} failure(s):\n" + string.Join("\n", failures.Take(20)));
        Assert.True(read >= Mutants * 3 / 4, $"only {read} of {Mutants} mutants were read ({skipped} skipped): the mutator damages too much");
        Assert.All(merged, r => Assert.Matches(ValidId(), r.Id));
        Assert.Equal(merged.Length, merged.Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public void The_mutator_is_deterministic_for_a_seed()
    {
        var (name, bytes) = Sources.Corpus[0];
        var text = Encoding.UTF8.GetString(bytes);

        var a = new CorpusMutator(42).Mutate(name, text);
        var b = new CorpusMutator(42).Mutate(name, text);
        var c = new CorpusMutator(43).Mutate(name, text);

        Assert.Equal(a.Bytes, b.Bytes);
        Assert.Equal(a.Mutations, b.Mutations);
        Assert.NotEqual(a.Bytes, c.Bytes);
    }
}
