using System.Globalization;
using System.Text;
using System.Text.Json;
using Archive.Core;
using Archive.Ingest.Output;
using Archive.Site.Model;
using Archive.Site.Pipeline;
using Archive.Site.Rendering;

namespace Archive.Site.Steps;

/// <summary>
/// Data exports: reports.json (every report with its metadata, where each value came from, and its
/// sources) and reports.csv (UTF-8 with BOM so Excel opens it; cells that a spreadsheet would read as
/// a formula are defused).
/// </summary>
public sealed class ExportData : BuildStep
{
    public override IReadOnlyList<string> DependsOn => [nameof(IngestReports)];

    public override void Execute(BuildContext context)
    {
        var model = context.Get<SiteModel>();
        var urls = context.Get<PageWriter>().Urls;
        Add(context, "reports.json", Json(model, urls));
        Add(context, "reports.csv", Csv(model, urls));
    }

    private static byte[] Json(SiteModel model, SiteUrls urls)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = SiteJson.Encoder, Indented = true }))
        {
            w.WriteStartArray();
            foreach (var r in model.Reports.OrderBy(r => r.Id, StringComparer.Ordinal))
            {
                var m = r.Metadata;
                w.WriteStartObject();
                w.WriteString("id", r.Id);
                w.WriteString("url", urls.Absolute(r.Path));
                w.WriteString("title", m.Title.Value);
                WriteNumber(w, "year", m.Year.Value);
                WriteNumber(w, "planYear", m.PlanYear.Value);
                w.WriteString("period", m.Period.Value);
                w.WriteString("periodLabel", Periods.Label(m.Period.Value));
                w.WriteString("level", m.Level.Value);
                w.WriteString("department", m.Department.Value);
                w.WriteString("organization", m.Organization.Value);
                w.WriteString("date", ViewFactory.FormatDate(m.Date.Value));
                WriteStrings(w, "regions", m.Regions);
                WriteStrings(w, "kinds", m.Kinds);
                WriteStrings(w, "tags", m.Tags);
                w.WriteStartArray("sources");
                foreach (var s in r.Report.Sources)
                {
                    w.WriteStartObject();
                    w.WriteString("file", s.File);
                    w.WriteNumber("line", s.Line);
                    w.WriteNumber("lastLine", s.LastLine);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartObject("metadataSources");
                WriteSource(w, "title", m.Title.Source, m.Title.Evidence);
                WriteSource(w, "year", m.Year.Source, m.Year.Evidence);
                WriteSource(w, "planYear", m.PlanYear.Source, m.PlanYear.Evidence);
                WriteSource(w, "period", m.Period.Source, m.Period.Evidence);
                WriteSource(w, "level", m.Level.Source, m.Level.Evidence);
                WriteSource(w, "department", m.Department.Source, m.Department.Evidence);
                WriteSource(w, "organization", m.Organization.Source, m.Organization.Evidence);
                WriteSource(w, "date", m.Date.Source, m.Date.Evidence);
                w.WriteEndObject();
                w.WriteString("contentHash", r.Report.ContentHash);
                var cleaning = CleaningSummary.Of(r.Report);
                w.WriteStartObject("cleaning");
                w.WriteNumber("dropped", cleaning.Dropped);
                w.WriteNumber("trimmed", cleaning.Trimmed);
                w.WriteNumber("unmasked", cleaning.Unmasked);
                w.WriteNumber("joined", cleaning.Joined);
                w.WriteEndObject();
                WriteStrings(w, "warnings", r.Report.Warnings);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    private static void WriteNumber(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }

    private static void WriteSource(Utf8JsonWriter w, string field, FieldSource source, string? evidence)
    {
        w.WriteStartObject(field);
        w.WriteString("source", ReportDocument.SourceName(source));
        if (evidence is not null)
        {
            w.WriteString("evidence", evidence);
        }

        w.WriteEndObject();
    }

    private static readonly string[] CsvColumns =
        ["id", "url", "title", "year", "plan_year", "period", "period_label", "level", "department", "organization", "date", "regions", "kinds", "tags", "sources"];

    private static byte[] Csv(SiteModel model, SiteUrls urls)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(',', CsvColumns)).Append("\r\n");
        foreach (var r in model.Reports.OrderBy(r => r.Id, StringComparer.Ordinal))
        {
            var m = r.Metadata;
            string?[] cells =
            [
                r.Id, urls.Absolute(r.Path), m.Title.Value,
                m.Year.Value?.ToString(CultureInfo.InvariantCulture), m.PlanYear.Value?.ToString(CultureInfo.InvariantCulture),
                m.Period.Value, Periods.Label(m.Period.Value), m.Level.Value, m.Department.Value, m.Organization.Value,
                ViewFactory.FormatDate(m.Date.Value), string.Join(';', m.Regions), string.Join(';', m.Kinds), string.Join(';', m.Tags),
                string.Join(';', r.Report.Sources.Select(s => $"{s.File}:{s.Line}-{s.LastLine}")),
            ];
            sb.Append(string.Join(',', cells.Select(Cell))).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sb.ToString())];
    }

    /// <summary>RFC 4180 quoting; a leading = + - @ (a formula to a spreadsheet) gets a leading apostrophe.</summary>
    public static string Cell(string? value)
    {
        var v = value ?? "";
        if (v.Length > 0 && v[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            v = "'" + v;
        }

        return v.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : v;
    }
}
