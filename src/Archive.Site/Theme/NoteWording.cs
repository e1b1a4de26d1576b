using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Archive.Site.Theme;

/// <summary>
/// How report pages word the build's notes (what cleaning did to a line, a report's warnings) in the
/// site's language, read from the theme's <c>notes.yaml</c>. The build writes its notes in English —
/// the command line, <c>reports.json</c> and the Markdown keep them so — and a reader of a Chinese site
/// sees each in the first wording whose pattern matches the whole note: <c>{name}</c> in the wording
/// stands for the pattern's group of that name, a rule's name given its label (several names separated
/// by commas, each). A note no pattern matches whole has its phrases worded wherever they stand (entries
/// marked <c>anywhere</c>: the parts of a note the build joins from several, such as the evidence for a
/// level); what is left is shown as the build wrote it. Thread-safe; what it says of a note never changes.
/// </summary>
public sealed class NoteWording
{
    private readonly FrozenDictionary<string, string> _labels;
    private readonly (Regex Match, string Text, string Prefix, string Suffix)[] _notes;
    private readonly (Regex Match, string Text, string Opening)[] _phrases;
    // Notes repeat (D=党 on most pages): each is worded once. Bounded, for notes that name a line.
    private readonly ConcurrentDictionary<string, string> _worded = new(StringComparer.Ordinal);
    private const int Remembered = 4096;
    private int _remembered;

    private NoteWording(FrozenDictionary<string, string> labels, (Regex, string, string, string)[] notes, (Regex, string, string)[] phrases)
    {
        _labels = labels;
        _notes = notes;
        _phrases = phrases;
    }

    /// <summary>Notes shown as the build wrote them (a theme without notes.yaml).</summary>
    public static NoteWording None { get; } = new(FrozenDictionary<string, string>.Empty, [], []);

    /// <summary>Reads a notes file; <paramref name="display"/> names it in errors.</summary>
    public static NoteWording Parse(string yaml, string display)
    {
        NotesFile file;
        try
        {
            file = new DeserializerBuilder().WithNamingConvention(HyphenatedNamingConvention.Instance).Build().Deserialize<NotesFile?>(yaml) ?? new NotesFile();
        }
        catch (YamlException ex)
        {
            throw new ThemeException($"{display}: line {ex.Start.Line}: {ex.Message}", ex);
        }

        var notes = new List<(Regex, string, string, string)>();
        var phrases = new List<(Regex, string, string)>();
        foreach (var note in file.Notes ?? [])
        {
            if (string.IsNullOrEmpty(note.Match) || note.Text is null)
            {
                throw new ThemeException($"{display}: every note needs a match and a text (found match '{note.Match}')");
            }

            try
            {
                var regex = new Regex(note.Anywhere ? note.Match : $"^(?:{note.Match})$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                if (note.Anywhere)
                {
                    phrases.Add((regex, note.Text, LeadingText(note.Match)));
                }
                else
                {
                    notes.Add((regex, note.Text, LeadingText(note.Match), TrailingText(note.Match)));
                }
            }
            catch (ArgumentException ex)
            {
                throw new ThemeException($"{display}: the pattern '{note.Match}' is not a regular expression: {ex.Message}", ex);
            }
        }

        return new NoteWording((file.Labels ?? []).ToFrozenDictionary(StringComparer.Ordinal), [.. notes], [.. phrases]);
    }

    /// <summary>The wording of a rule's name (itself when it has none).</summary>
    public string Label(string rule) => _labels.GetValueOrDefault(rule, rule);

    /// <summary>Whether a rule's name has a wording.</summary>
    public bool HasLabel(string rule) => _labels.ContainsKey(rule);

    /// <summary>A note as readers see it.</summary>
    public string Word(string note)
    {
        if (_worded.TryGetValue(note, out var known))
        {
            return known;
        }

        var worded = WordOnce(note);
        // (ConcurrentDictionary.Count takes every lock: the memo counts its own entries.)
        if (Volatile.Read(ref _remembered) < Remembered && _worded.TryAdd(note, worded))
        {
            Interlocked.Increment(ref _remembered);
        }

        return worded;
    }

    private string WordOnce(string note)
    {
        foreach (var (match, text, prefix, suffix) in _notes)
        {
            // Most patterns open or close with words: a note without them is not tried.
            if (note.StartsWith(prefix, StringComparison.Ordinal) && note.EndsWith(suffix, StringComparison.Ordinal)
                && match.Match(note) is { Success: true } m)
            {
                return Fill(text, m);
            }
        }

        foreach (var (match, text, opening) in _phrases)
        {
            if (note.Contains(opening, StringComparison.Ordinal))
            {
                note = match.Replace(note, m => Fill(text, m));
            }
        }

        return note;
    }

    // Characters that are regular-expression syntax when not escaped.
    private const string RegexSyntax = "\\^$.|?*+()[]{}#";

    /// <summary>The text every match of <paramref name="pattern"/> starts with: its opening characters up to the first that is no plain character.</summary>
    internal static string LeadingText(string pattern)
    {
        if (pattern.Contains('|'))
        {
            return ""; // alternatives may open differently
        }

        var sb = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            var escaped = c == '\\' && i + 1 < pattern.Length && !char.IsLetterOrDigit(pattern[i + 1]) && pattern[i + 1] != '_';
            if (!escaped && RegexSyntax.Contains(c))
            {
                break;
            }

            var next = escaped ? i + 2 : i + 1;
            if (next < pattern.Length && pattern[next] is '?' or '*' or '+' or '{')
            {
                break; // this character may be absent or repeated
            }

            sb.Append(escaped ? pattern[i + 1] : c);
            i = next - 1;
        }

        return sb.ToString();
    }

    /// <summary>The text every match of <paramref name="pattern"/> ends with: its closing characters back to the last that is no plain character.</summary>
    internal static string TrailingText(string pattern)
    {
        if (pattern.Contains('|'))
        {
            return "";
        }

        var end = pattern.Length;
        var i = pattern.Length - 1;
        for (; i >= 0; i--)
        {
            var c = pattern[i];
            var escapedBy = i > 0 && pattern[i - 1] == '\\' && !char.IsLetterOrDigit(c) && c != '_';
            if (escapedBy && i > 1 && pattern[i - 2] == '\\')
            {
                break; // a backslash escaped itself: stop rather than read escapes backwards
            }

            if (escapedBy)
            {
                i--;
            }
            else if (RegexSyntax.Contains(c))
            {
                break;
            }
        }

        // pattern[(i + 1)..] is plain text with escapes; drop the backslashes.
        var sb = new StringBuilder();
        for (var j = i + 1; j < end; j++)
        {
            sb.Append(pattern[j] == '\\' && j + 1 < end ? pattern[++j] : pattern[j]);
        }

        return sb.ToString();
    }

    // The wording with {name} standing for the match's group of that name (rule names labelled).
    private string Fill(string text, Match m)
    {
        var sb = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var close = text[i] == '{' ? text.IndexOf('}', i + 1) : -1;
            if (close > i && m.Groups[text[(i + 1)..close]] is { Success: true } group)
            {
                sb.Append(string.Join("、", group.Value.Split(", ").Select(Label)));
                i = close;
            }
            else
            {
                sb.Append(text[i]);
            }
        }

        return sb.ToString();
    }

    private sealed class NotesFile
    {
        public Dictionary<string, string>? Labels { get; set; }
        public List<NoteEntry>? Notes { get; set; }
    }

    private sealed class NoteEntry
    {
        public string? Match { get; set; }
        public string? Text { get; set; }
        public bool Anywhere { get; set; }
    }
}
