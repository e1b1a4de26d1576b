using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace Archive.Ingest.Rules;

/// <summary>
/// A named pattern from a rules file. <see cref="MaxLength"/>: the rule looks only at lines of at most
/// that many characters (page footers, site furniture: never a paragraph), which spares the regex on
/// every paragraph of every report; and only at lines holding one of the characters every match of
/// its pattern holds (<see cref="RequiredChars"/>), which spares it on most others.
/// </summary>
public sealed record PatternRule(string Name, Regex Pattern, string? Replacement = null)
{
    private readonly (string? Chars, System.Buffers.SearchValues<char>? Values) _required = RequiredOf(Pattern);

    public int MaxLength { get; init; } = int.MaxValue;

    /// <summary>
    /// A line-break rule with this cuts only a line holding at least <see cref="LineHoldsAtLeast"/> matches
    /// of it (a line of paragraphs run together shows itself by its breaks after sentences).
    /// </summary>
    public Regex? LineHolds { get; init; }

    public int LineHoldsAtLeast { get; init; } = 1;

    /// <summary>Whether the line holds what <see cref="LineHolds"/> asks of it (always, when it asks nothing).</summary>
    public bool Holds(string line)
    {
        if (LineHolds is null)
        {
            return true;
        }

        var found = 0;
        for (var m = LineHolds.Match(line); m.Success; m = m.NextMatch())
        {
            if (++found >= LineHoldsAtLeast)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Characters one of which every match of the pattern holds (<see cref="RequiredChars"/>); null when it does not tell.</summary>
    public string? Required => _required.Chars;

    /// <summary>Whether the rule looks at this line at all: a line it could match.</summary>
    public bool Applies(string text) => Applies(text.AsSpan());

    /// <inheritdoc cref="Applies(string)"/>
    public bool Applies(ReadOnlySpan<char> text) =>
        text.Length <= MaxLength && (_required.Values is not { } values || text.IndexOfAny(values) >= 0);

    private static (string?, System.Buffers.SearchValues<char>?) RequiredOf(Regex pattern) =>
        (pattern.Options & (RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace)) == 0 && RequiredChars.Chars(pattern.ToString()) is { } chars
            ? (chars, System.Buffers.SearchValues.Create(chars))
            : (null, null);
}

/// <summary>A character replaced in every line before cleaning.</summary>
public sealed record WhitespaceRule(string Name, char Char, string Replacement);

/// <summary>How tables of contents look.</summary>
public sealed record TocRules(Regex Heading, ImmutableArray<PatternRule> Entries);

/// <summary>
/// How report title lines look; <paramref name="Document"/>: the title of an official document that is
/// no report (the notice a compilation opens with), which names text before the first report title.
/// </summary>
public sealed record TitleRules(Regex Kind, Regex NotStart, int MaxLength, Regex Document);

/// <summary>
/// Cleaning knowledge (noise, headers, tables of contents, masks, titles), compiled once from
/// <c>rules.yaml</c> and the archive's own <c>input/rules.yaml</c>. Immutable and thread-safe.
/// </summary>
public sealed partial record CleaningRules
{
    public required ImmutableArray<WhitespaceRule> Whitespace { get; init; }

    /// <summary>Whether HTML character references (&amp;nbsp; &amp;ldquo; &amp;#12288;) are read as the characters they stand for.</summary>
    public required bool HtmlCharacterReferences { get; init; }

    /// <summary>Patterns that end a line where they stand (a web page's &lt;br&gt;, &lt;/p&gt;): the text after them is the next line.</summary>
    public required ImmutableArray<PatternRule> LineBreaks { get; init; }

    public required ImmutableArray<PatternRule> Markers { get; init; }
    public required ImmutableArray<PatternRule> Drop { get; init; }
    public required ImmutableArray<PatternRule> Header { get; init; }
    public required TocRules Toc { get; init; }
    public required ImmutableArray<PatternRule> Unmask { get; init; }
    public required TitleRules Title { get; init; }
    public required ImmutableArray<PatternRule> Tags { get; init; }

    /// <summary>The built-in rules.</summary>
    public static CleaningRules Default { get; } = Load(null);

    /// <summary>Built-in rules extended by an optional archivist file (same shape as the built-in one).</summary>
    public static CleaningRules Load(string? overridePath)
    {
        var baseFile = YamlFiles.ReadEmbedded<RulesFile>("rules.yaml");
        var text = overridePath is null ? null : YamlFiles.ReadText(overridePath, overridePath);
        var extra = text is null ? null : YamlFiles.Parse<RulesFile>(text, overridePath!);
        var display = overridePath ?? "rules.yaml";
        return YamlFiles.Locate(text, () => Compile(Merge(baseFile, extra), display, baseFile));
    }

    /// <summary>Rules from YAML text, extending the built-in ones (for tests and tools).</summary>
    public static CleaningRules FromYaml(string yaml, string displayName = "rules.yaml")
    {
        var baseFile = YamlFiles.ReadEmbedded<RulesFile>("rules.yaml");
        var extra = YamlFiles.Parse<RulesFile>(yaml, displayName);
        return YamlFiles.Locate(yaml, () => Compile(Merge(baseFile, extra), displayName, baseFile));
    }

    private static RulesFile Merge(RulesFile defaults, RulesFile? extra)
    {
        if (extra is null)
        {
            return defaults;
        }

        var disabled = new HashSet<string>(extra.Disable, StringComparer.Ordinal);
        List<T> Join<T>(List<T> a, List<T> b, Func<T, string?> name) =>
            [.. a.Where(x => name(x) is not { } n || !disabled.Contains(n)), .. b];

        var fragments = new Dictionary<string, string>(defaults.Fragments, StringComparer.Ordinal);
        foreach (var (name, value) in extra.Fragments)
        {
            fragments[name] = value; // a built-in one keeps its place: later fragments may use it
        }

        return new RulesFile
        {
            Fragments = fragments,
            Whitespace = Join(defaults.Whitespace, extra.Whitespace, x => x.Name),
            HtmlCharacterReferences = extra.HtmlCharacterReferences ?? defaults.HtmlCharacterReferences,
            LineBreaks = Join(defaults.LineBreaks, extra.LineBreaks, x => x.Name),
            Markers = Join(defaults.Markers, extra.Markers, x => x.Name),
            Drop = Join(defaults.Drop, extra.Drop, x => x.Name),
            Header = Join(defaults.Header, extra.Header, x => x.Name),
            Unmask = Join(defaults.Unmask, extra.Unmask, x => x.Name),
            Tags = Join(defaults.Tags, extra.Tags, x => x.Name),
            Toc = new TocFile
            {
                Heading = extra.Toc.Heading ?? defaults.Toc.Heading,
                Entry = Join(defaults.Toc.Entry, extra.Toc.Entry, x => x.Name),
            },
            Title = new TitleFile
            {
                Kind = extra.Title.Kind ?? defaults.Title.Kind,
                NotStart = extra.Title.NotStart ?? defaults.Title.NotStart,
                MaxLength = extra.Title.MaxLength ?? defaults.Title.MaxLength,
                Document = extra.Title.Document ?? defaults.Title.Document,
            },
        };
    }

    private static CleaningRules Compile(RulesFile file, string display, RulesFile builtIn)
    {
        var kind = file.Title.Kind ?? "总结|计划";

        // The built-in file's patterns run without a time limit (YamlFiles.Compile); those of an
        // archivist's file, and built-in ones that take the title kinds an archivist's file changed, with one.
        var builtInPatterns = new HashSet<string?>(
            new[] { builtIn.Markers, builtIn.Drop, builtIn.Header, builtIn.Unmask, builtIn.Tags, builtIn.LineBreaks, builtIn.Toc.Entry }
                .SelectMany(list => list.SelectMany(e => new[] { e.Pattern, e.LineHolds }).Where(p => p is not null))
                .Append(builtIn.Toc.Heading).Append(builtIn.Title.Kind).Append(builtIn.Title.NotStart).Append(builtIn.Title.Document),
            StringComparer.Ordinal);
        // {kind}, and the fragments (each may use those before it), as patterns use them; and the ones
        // an archivist's file changed (kind, a fragment, or a fragment that uses a changed one).
        var fragments = new Dictionary<string, string>(StringComparer.Ordinal) { ["kind"] = $"(?:{kind})" };
        var changed = new HashSet<string>(StringComparer.Ordinal);
        if (kind != (builtIn.Title.Kind ?? "总结|计划"))
        {
            changed.Add("kind");
        }

        foreach (var (name, value) in file.Fragments)
        {
            if (name == "kind" || name.Length == 0 || !char.IsAsciiLetterLower(name[0]) || !name.All(c => char.IsAsciiLetterLower(c) || c == '-'))
            {
                throw new RuleFileException(display, null, $"fragment '{name}': a fragment's name is lower-case letters and hyphens, and not kind") { Value = name };
            }

            if (!builtIn.Fragments.TryGetValue(name, out var original) || original != value || Uses(value).Any(changed.Contains))
            {
                changed.Add(name);
            }

            fragments[name] = Expand(value, $"fragment '{name}'");
        }

        IEnumerable<string> Uses(string pattern) => FragmentName().Matches(pattern).Select(m => m.Groups["name"].Value);

        // A fragment's place in a pattern takes its text as written (a fragment with alternatives at its
        // top wraps them in a group); a name no fragment has is an error, not text to match.
        string Expand(string pattern, string where) => FragmentName().Replace(pattern, m => fragments.TryGetValue(m.Groups["name"].Value, out var text)
            ? text
            : throw new RuleFileException(display, null, $"{where}: no fragment is called {m.Value}") { Value = m.Groups["name"].Value });

        bool IsBuiltIn(string? pattern) => pattern is null || (builtInPatterns.Contains(pattern) && !Uses(pattern).Any(changed.Contains));

        ImmutableArray<PatternRule> Patterns(List<PatternEntry> entries, string section) =>
            [.. entries.Select((e, i) =>
            {
                var name = e.Name ?? $"{section}-{i + 1}";
                if (string.IsNullOrEmpty(e.Pattern))
                {
                    throw new RuleFileException(display, null, $"{section} rule '{name}' has no pattern") { Value = name };
                }

                if ((e.LineHolds is not null || e.AtLeast is not null) && section != "line-breaks")
                {
                    throw new RuleFileException(display, null, $"{section} rule '{name}': line-holds and at-least are read only in line-breaks") { Value = name };
                }

                if (e.AtLeast is < 1 || (e.AtLeast is not null && e.LineHolds is null))
                {
                    throw new RuleFileException(display, null, $"{section} rule '{name}': at-least needs line-holds and a count of 1 or more") { Value = name };
                }

                return new PatternRule(name, YamlFiles.Compile(Expand(e.Pattern, $"{section} rule '{name}'"), display, name, IsBuiltIn(e.Pattern)), e.Replace)
                {
                    MaxLength = e.MaxLength ?? int.MaxValue,
                    LineHolds = e.LineHolds is { } holds ? YamlFiles.Compile(Expand(holds, $"{section} rule '{name}'"), display, name, IsBuiltIn(holds)) : null,
                    LineHoldsAtLeast = e.AtLeast ?? 1,
                };
            })];

        var whitespace = file.Whitespace.SelectMany(w =>
        {
            // A table of characters: chars and replace-each, the n-th character of one made the n-th of the other.
            if (w.Chars is { } chars)
            {
                var targets = (w.ReplaceEach ?? "").EnumerateRunes().Select(r => r.ToString()).ToList();
                if (w.Char is not null || w.Replace is not null || chars.Length != targets.Count || chars.Any(char.IsSurrogate))
                {
                    throw new RuleFileException(display, null,
                        $"whitespace rule '{w.Name}' with chars needs replace-each, one character for each of its {chars.Length} (found {targets.Count}), and no char or replace") { Value = w.Name };
                }

                return chars.Select((c, i) => new WhitespaceRule(w.Name ?? "whitespace", c, targets[i]));
            }

            if (w.Char is not { Length: 1 } one)
            {
                throw new RuleFileException(display, null, $"whitespace rule '{w.Name}' must name exactly one character") { Value = w.Name };
            }

            return [new WhitespaceRule(w.Name ?? "whitespace", one[0], w.Replace ?? " ")];
        }).ToImmutableArray();

        var unmask = Patterns(file.Unmask, "unmask");
        if (unmask.FirstOrDefault(u => u.Replacement is null) is { } bad)
        {
            throw new RuleFileException(display, null, $"unmask rule '{bad.Name}' needs a 'replace' value") { Value = bad.Name };
        }

        return new CleaningRules
        {
            Whitespace = whitespace,
            HtmlCharacterReferences = file.HtmlCharacterReferences ?? false,
            LineBreaks = Patterns(file.LineBreaks, "line-breaks"),
            Markers = Patterns(file.Markers, "markers"),
            Drop = Patterns(file.Drop, "drop"),
            Header = Patterns(file.Header, "header"),
            Unmask = unmask,
            Tags = Patterns(file.Tags, "tags"),
            Toc = new TocRules(
                YamlFiles.Compile(file.Toc.Heading ?? "^目\\s*录$", display, "toc heading", IsBuiltIn(file.Toc.Heading)),
                Patterns(file.Toc.Entry, "toc")),
            Title = new TitleRules(
                YamlFiles.Compile(kind, display, "title kind", !changed.Contains("kind")),
                YamlFiles.Compile(file.Title.NotStart ?? "^$", display, "title not-start", IsBuiltIn(file.Title.NotStart)),
                file.Title.MaxLength ?? 64,
                YamlFiles.Compile(file.Title.Document ?? "^$", display, "title document", IsBuiltIn(file.Title.Document))),
        };
    }

    // YAML shapes. Mutable only because the deserializer fills them; never exposed.
    // A fragment's place in a pattern: {kind}, {gap}.
    [GeneratedRegex(@"\{(?<name>[a-z][a-z-]*)\}")]
    private static partial Regex FragmentName();

    internal sealed class RulesFile
    {
        public List<WhitespaceEntry> Whitespace { get; set; } = [];
        public bool? HtmlCharacterReferences { get; set; }
        public List<PatternEntry> LineBreaks { get; set; } = [];
        public List<PatternEntry> Markers { get; set; } = [];
        public List<PatternEntry> Drop { get; set; } = [];
        public List<PatternEntry> Header { get; set; } = [];
        public TocFile Toc { get; set; } = new();
        public List<PatternEntry> Unmask { get; set; } = [];
        public TitleFile Title { get; set; } = new();
        public List<PatternEntry> Tags { get; set; } = [];
        public List<string> Disable { get; set; } = [];
        public Dictionary<string, string> Fragments { get; set; } = [];
    }

    internal sealed class WhitespaceEntry
    {
        public string? Name { get; set; }
        public string? Char { get; set; }
        public string? Replace { get; set; }
        public string? Chars { get; set; }
        public string? ReplaceEach { get; set; }
    }

    internal sealed class PatternEntry
    {
        public string? Name { get; set; }
        public string? Pattern { get; set; }
        public string? Replace { get; set; }
        public int? MaxLength { get; set; }

        public string? LineHolds { get; set; }

        public int? AtLeast { get; set; }
    }

    internal sealed class TocFile
    {
        public string? Heading { get; set; }
        public List<PatternEntry> Entry { get; set; } = [];
    }

    internal sealed class TitleFile
    {
        public string? Kind { get; set; }
        public string? NotStart { get; set; }
        public int? MaxLength { get; set; }
        public string? Document { get; set; }
    }
}
