using System.Collections.Immutable;
using System.Globalization;
using Archive.Core;
using Archive.Ingest.Output;
using Archive.Ingest.Tests.Support;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;

namespace Archive.Ingest.Tests.Output;

/// <summary>
/// Step 10, ReportDocument: YAML front matter (metadata, provenance, content hash, cleaning summary)
/// that reads back with the same values and types, then the title and the body.
/// </summary>
public sealed class ReportDocumentTests
{
    // Reads unquoted scalars as numbers and booleans where YAML would: a string must come back a string.
    private static readonly IDeserializer Typed = new DeserializerBuilder()
        .WithAttemptingUnquotedStringTypeDeserialization()
        .Build();

    private static (Dictionary<string, object?> Front, string Body) Split(string document)
    {
        Assert.StartsWith("---\n", document, StringComparison.Ordinal);
        var end = document.IndexOf("\n---\n", 3, StringComparison.Ordinal);
        Assert.True(end > 0, "front matter is not closed");
        var yaml = document[4..(end + 1)];
        return (Typed.Deserialize<Dictionary<string, object?>>(yaml), document[(end + 5)..]);
    }

    private static Dictionary<object, object?> Map(object? value) => Assert.IsType<Dictionary<object, object?>>(value);

    // An unquoted integer comes back as the smallest integral type that holds it (byte, short, int…).
    private static int? Int(object? value) => value switch
    {
        null => null,
        byte or sbyte or short or ushort or int or uint or long or ulong => Convert.ToInt32(value, CultureInfo.InvariantCulture),
        _ => throw new Xunit.Sdk.XunitException($"{value} ({value.GetType().Name}) is not an integer"),
    };

    private static Report Sample(string id = "3f9a2c1b7e", string title = "区民政局2023年第三季度工作总结") => new()
    {
        Id = id,
        Metadata = new ReportMetadata
        {
            Title = new Sourced<string>(title, FieldSource.Title),
            Year = new Sourced<int?>(2023, FieldSource.Title, "2023年"),
            PlanYear = Sourced<int?>.None(null),
            Period = new Sourced<string>(Periods.Q3, FieldSource.Title, "第三季度"),
            Level = new Sourced<string>(Levels.District, FieldSource.Title, "区民政局"),
            Department = new Sourced<string>("民政局", FieldSource.Title, "区民政局"),
            Organization = new Sourced<string?>("珠海市XX区民政局", FieldSource.Signature),
            Date = new Sourced<DateOnly?>(new DateOnly(2023, 10, 18), FieldSource.Signature, "2023年10月18日"),
            Tags = ["作风建设"],
        },
        Markdown = "## 一、推动基层社会治理\n\n正文。\n",
        Sources = [new SourceRef("003_d8b7eb1687d0ddd9.txt", 122, 179), new SourceRef("copy.txt", 5, 62)],
        ContentHash = new string('a', 64),
        Cleaning =
        [
            new CleaningEntry("003_d8b7eb1687d0ddd9.txt", 124, CleaningAction.Unmasked, "D=党", 3),
            new CleaningEntry("003_d8b7eb1687d0ddd9.txt", 130, CleaningAction.Unmasked, "A=习近平"),
            new CleaningEntry("003_d8b7eb1687d0ddd9.txt", 140, CleaningAction.Joined, "continues line 139"),
            new CleaningEntry("003_d8b7eb1687d0ddd9.txt", 150, CleaningAction.Dropped, "advertising"),
            new CleaningEntry("003_d8b7eb1687d0ddd9.txt", 151, CleaningAction.Trimmed, "normalised odd whitespace"),
        ],
        Warnings = ["a doubt"],
    };

    [Fact]
    public void Front_matter_reads_back_with_every_field()
    {
        var (front, _) = Split(ReportDocument.Render(Sample()));

        Assert.Equal("3f9a2c1b7e", front["id"]);
        Assert.Equal("区民政局2023年第三季度工作总结", front["title"]);
        Assert.Equal(2023, Int(front["year"]));
        Assert.Null(front["planYear"]);
        Assert.Equal("Q3", front["period"]);
        Assert.Equal("第三季度", front["periodLabel"]);
        Assert.Equal("区", front["level"]);
        Assert.Equal("民政局", front["department"]);
        Assert.Equal("珠海市XX区民政局", front["organization"]);
        Assert.Equal("2023-10-18", front["date"]?.ToString());
        Assert.Equal(["作风建设"], Assert.IsType<List<object>>(front["tags"]));
        Assert.Equal(["a doubt"], Assert.IsType<List<object>>(front["warnings"]));
    }

    [Fact]
    public void Provenance_lists_sources_hash_cleaning_and_where_each_field_came_from()
    {
        var (front, _) = Split(ReportDocument.Render(Sample()));

        var provenance = Map(front["provenance"]);
        var sources = Assert.IsType<List<object>>(provenance["sources"]).Select(Map).ToList();
        Assert.Equal(2, sources.Count);
        Assert.Equal(("003_d8b7eb1687d0ddd9.txt", 122, 179), ((string)sources[0]["file"]!, Int(sources[0]["line"]), Int(sources[0]["lastLine"])));
        Assert.Equal(("copy.txt", 5, 62), ((string)sources[1]["file"]!, Int(sources[1]["line"]), Int(sources[1]["lastLine"])));
        Assert.Equal(new string('a', 64), provenance["contentHash"]);

        var cleaning = Map(provenance["cleaning"]);
        Assert.Equal((1, 1, 4, 1), (Int(cleaning["dropped"]), Int(cleaning["trimmed"]), Int(cleaning["unmasked"]), Int(cleaning["joined"])));

        var fields = Map(provenance["fields"]);
        Assert.Equal("title", Map(fields["year"])["source"]);
        Assert.Equal("2023年", Map(fields["year"])["evidence"]);
        Assert.Equal("none", Map(fields["planYear"])["source"]);
        Assert.False(Map(fields["planYear"]).ContainsKey("evidence"));
        Assert.Equal("signature", Map(fields["date"])["source"]);
    }

    [Fact]
    public void The_body_follows_the_front_matter_with_the_title_as_a_heading()
    {
        var (_, body) = Split(ReportDocument.Render(Sample(title: "区<b>民政局</b>2023年工作总结")));

        Assert.Equal("\n# 区\\<b\\>民政局\\</b\\>2023年工作总结\n\n## 一、推动基层社会治理\n\n正文。\n", body);
    }

    [Theory]
    [InlineData("1234567890")]
    [InlineData("0123456789")]
    [InlineData("0000000000")]
    [InlineData("12345e6789")]
    [InlineData("0e00000000")]
    [InlineData("1e10000000")]
    [InlineData("9999999999")]
    [InlineData("deadbeef01")]
    public void An_id_that_looks_like_a_number_stays_a_string(string id)
    {
        var (front, _) = Split(ReportDocument.Render(Sample(id)));

        Assert.Equal(id, Assert.IsType<string>(front["id"]));
    }

    [Theory]
    [InlineData("2023")]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("~")]
    [InlineData("1.5")]
    [InlineData("- 总结")]
    [InlineData("总结: 2023")]
    [InlineData("#总结")]
    [InlineData("“转作风提效能”工作总结")]
    [InlineData("'引号'与\"双引号\"")]
    [InlineData("---")]
    public void A_title_of_any_shape_reads_back_as_the_same_string(string title)
    {
        var (front, _) = Split(ReportDocument.Render(Sample(title: title)));

        Assert.Equal(title, Assert.IsType<string>(front["title"]));
    }

    [Fact]
    public void Front_matter_scalars_that_look_like_numbers_are_quoted_in_the_text()
    {
        var document = ReportDocument.Render(Sample("1234567890"));
        var yaml = new YamlStream();
        yaml.Load(new StringReader(document[4..document.IndexOf("\n---\n", 3, StringComparison.Ordinal)]));

        var id = (YamlScalarNode)((YamlMappingNode)yaml.Documents[0].RootNode).Children[new YamlScalarNode("id")];
        Assert.NotEqual(YamlDotNet.Core.ScalarStyle.Plain, id.Style);
    }

    [Fact]
    public void A_corpus_report_renders_front_matter_agreeing_with_the_report_and_its_cleaning_log()
    {
        var file = IngestPipeline.Default.IngestFile(Sources.Read(Sources.Corpus[3].Bytes, Sources.Corpus[3].Name));
        var found = file.Reports.First(r => r.Report.Cleaning.Any(e => e.Action == CleaningAction.Unmasked));
        var report = found.Report;

        var (front, body) = Split(ReportDocument.Render(report));

        Assert.Equal(report.Id, front["id"]);
        Assert.Equal(report.Metadata.Year.Value, Int(front["year"]));
        Assert.Equal(report.Metadata.Period.Value, front["period"]);
        var cleaning = Map(Map(front["provenance"])["cleaning"]);
        var inReport = file.Log.Where(e => found.Lines.Contains(e.Line)).ToList();
        Assert.Equal(inReport.Where(e => e.Action == CleaningAction.Unmasked).Sum(e => e.Count), Int(cleaning["unmasked"]));
        Assert.Equal(inReport.Count(e => e.Action == CleaningAction.Joined), Int(cleaning["joined"]));
        Assert.EndsWith(report.Markdown, body, StringComparison.Ordinal);
        Assert.Equal(
            report.Metadata.Date.Value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            front["date"]?.ToString());
    }

    [Fact]
    public void Rendering_is_deterministic()
    {
        Assert.Equal(ReportDocument.Render(Sample()), ReportDocument.Render(Sample() with { Cleaning = [.. Sample().Cleaning] }));
        Assert.DoesNotContain("\r", ReportDocument.Render(Sample()), StringComparison.Ordinal);
    }

    [Fact]
    public void A_report_without_sources_cleaning_or_tags_still_renders_valid_front_matter()
    {
        var bare = Sample() with
        {
            Sources = ImmutableArray<SourceRef>.Empty,
            Cleaning = [],
            Warnings = [],
            Metadata = Sample().Metadata with { Tags = [], Date = Sourced<DateOnly?>.None(null), Organization = Sourced<string?>.None(null) },
        };

        var (front, _) = Split(ReportDocument.Render(bare));

        Assert.Empty(Assert.IsType<List<object>>(Map(front["provenance"])["sources"]));
        Assert.Null(front["date"]);
        Assert.Null(front["organization"]);
    }
}
