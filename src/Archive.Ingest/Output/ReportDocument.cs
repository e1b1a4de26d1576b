using System.Globalization;
using System.Text;
using Archive.Core;

namespace Archive.Ingest.Output;

/// <summary>
/// Step 10, output: one Markdown file per report, YAML front matter first (metadata, where each value
/// came from, provenance: source files and lines, content hash, cleaning summary), then the body.
/// The same bytes are written to the derived content folder and published as the report's download.
/// </summary>
public static class ReportDocument
{
    public static string Render(Report report)
    {
        var m = report.Metadata;
        var y = new YamlWriter(report.Markdown.Length + 2048);
        y.Line("---");
        y.Scalar("id", report.Id);
        y.Scalar("title", m.Title.Value);
        y.Number("year", m.Year.Value);
        y.Number("planYear", m.PlanYear.Value);
        y.Scalar("period", m.Period.Value);
        y.Scalar("periodLabel", Periods.Label(m.Period.Value));
        y.Scalar("level", m.Level.Value);
        y.Scalar("department", m.Department.Value);
        y.Scalar("organization", m.Organization.Value);
        y.Scalar("date", m.Date.Value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        y.List("regions", m.Regions);
        y.List("kinds", m.Kinds);
        y.List("tags", m.Tags);
        y.Key("provenance");
        y.Indent();
        y.Key("fields");
        y.Indent();
        Field(y, "title", m.Title);
        Field(y, "year", m.Year);
        Field(y, "planYear", m.PlanYear);
        Field(y, "period", m.Period);
        Field(y, "level", m.Level);
        Field(y, "department", m.Department);
        Field(y, "organization", m.Organization);
        Field(y, "date", m.Date);
        y.Outdent();
        if (report.Sources.IsEmpty)
        {
            y.List("sources", []);
        }
        else
        {
            y.Key("sources");
        }

        foreach (var s in report.Sources)
        {
            y.Item();
            y.Scalar("file", s.File);
            y.Number("line", s.Line);
            y.Number("lastLine", s.LastLine);
            y.EndItem();
        }

        y.Scalar("contentHash", report.ContentHash);
        var cleaning = CleaningSummary.Of(report);
        y.Key("cleaning");
        y.Indent();
        y.Number("dropped", cleaning.Dropped);
        y.Number("trimmed", cleaning.Trimmed);
        y.Number("unmasked", cleaning.Unmasked);
        y.Number("joined", cleaning.Joined);
        y.Outdent();
        y.Outdent();
        y.List("warnings", report.Warnings);
        y.Line("---");
        y.Line("");
        y.Line("# " + MarkdownText.Escape(m.Title.Value, atLineStart: false));
        y.Line("");
        return y.ToString() + report.Markdown;
    }

    private static void Field<T>(YamlWriter y, string name, Sourced<T> value)
    {
        y.Key(name);
        y.Indent();
        y.Scalar("source", SourceName(value.Source));
        if (value.Evidence is not null)
        {
            y.Scalar("evidence", value.Evidence);
        }

        y.Outdent();
    }

    /// <summary>Lower-case name of a field source, as written in front matter and JSON.</summary>
    public static string SourceName(FieldSource source) => source switch
    {
        FieldSource.None => "none",
        FieldSource.Title => "title",
        FieldSource.Signature => "signature",
        FieldSource.Body => "body",
        FieldSource.Inferred => "inferred",
        FieldSource.Override => "override",
        FieldSource.FileName => "filename",
        _ => source.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// Writes the front matter's YAML: block mappings, every string double-quoted (so an id made of
    /// digits, a title like <c>yes</c> or <c>---</c>, or any character at all stays the string it is).
    /// </summary>
    private sealed class YamlWriter(int capacity)
    {
        private readonly StringBuilder _sb = new(capacity);
        private int _depth;
        private bool _itemStart;

        public void Line(string text) => _sb.Append(text).Append('\n');

        public void Key(string key) => Prefix().Append(key).Append(":\n");

        public void Scalar(string key, string? value)
        {
            Prefix().Append(key).Append(": ");
            if (value is null)
            {
                _sb.Append("null");
            }
            else
            {
                Quote(value);
            }

            _sb.Append('\n');
        }

        public void Number(string key, int? value)
        {
            Prefix().Append(key).Append(": ");
            _sb.Append(value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "null").Append('\n');
        }

        public void List(string key, IEnumerable<string> values)
        {
            Prefix().Append(key).Append(": [");
            var first = true;
            foreach (var v in values)
            {
                if (!first)
                {
                    _sb.Append(", ");
                }

                Quote(v);
                first = false;
            }

            _sb.Append("]\n");
        }

        public void Indent() => _depth++;

        public void Outdent() => _depth--;

        /// <summary>Starts a sequence item; its first key goes on the dash line.</summary>
        public void Item()
        {
            _itemStart = true;
        }

        public void EndItem()
        {
            _depth--;
        }

        public override string ToString() => _sb.ToString();

        private StringBuilder Prefix()
        {
            if (_itemStart)
            {
                _sb.Append(' ', _depth * 2).Append("- ");
                _depth++;
                _itemStart = false;
                return _sb;
            }

            return _sb.Append(' ', _depth * 2);
        }

        private void Quote(string value)
        {
            _sb.Append('"');
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    _sb.Append(c).Append(value[++i]);
                    continue;
                }

                switch (c)
                {
                    case '"':
                        _sb.Append("\\\"");
                        break;
                    case '\\':
                        _sb.Append("\\\\");
                        break;
                    case '\n':
                        _sb.Append("\\n");
                        break;
                    case '\t':
                        _sb.Append("\\t");
                        break;
                    default:
                        // Controls, lone surrogates, and what YAML reads as line breaks or a byte-order mark.
                        if (c < ' ' || c is '\u007F' or '\u0085' or '\u2028' or '\u2029' or '\uFEFF' || char.IsSurrogate(c))
                        {
                            _sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            _sb.Append(c);
                        }

                        break;
                }
            }

            _sb.Append('"');
        }
    }
}

/// <summary>Counts of what cleaning did inside one report.</summary>
public sealed record CleaningSummary(int Dropped, int Trimmed, int Unmasked, int Joined)
{
    public static CleaningSummary Of(Report report)
    {
        int Count(CleaningAction action) => report.Cleaning.Count(e => e.Action == action);
        var unmasked = report.Cleaning.Where(e => e.Action == CleaningAction.Unmasked).Sum(e => e.Count);
        return new CleaningSummary(Count(CleaningAction.Dropped), Count(CleaningAction.Trimmed), unmasked, Count(CleaningAction.Joined));
    }

    public Dictionary<string, object?> ToDictionary() => new()
    {
        ["dropped"] = Dropped,
        ["trimmed"] = Trimmed,
        ["unmasked"] = Unmasked,
        ["joined"] = Joined,
    };
}
