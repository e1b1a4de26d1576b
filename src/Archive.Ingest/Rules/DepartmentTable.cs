using System.Buffers;
using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Archive.Core;

namespace Archive.Ingest.Rules;

/// <summary>A department (or an area's own government) with the names it goes by.</summary>
public sealed record Department(
    string Name,
    ImmutableArray<string> Aliases,
    ImmutableArray<Regex> Patterns,
    bool IsArea,
    string? Level,
    ImmutableArray<string> Topics);

/// <summary>An organisation name resolved against the department table.</summary>
/// <param name="Department">The canonical department.</param>
/// <param name="Matched">The alias (or name) found at the end of the organisation name.</param>
/// <param name="Level">The administrative level the name says, when it says one.</param>
public sealed record UnitMatch(Department Department, string Matched, string? Level)
{
    /// <summary>False for a department not in the table, named as written (市地震局 → 地震局).</summary>
    public bool Listed { get; init; } = true;
}

/// <summary>A weighted pattern whose <c>level</c> group names a place word.</summary>
public sealed record SelfReference(Regex Pattern, int Weight);

/// <summary>
/// Department aliases, place words and level self-references, compiled once from
/// <c>departments.yaml</c> and the archive's own <c>input/departments.yaml</c>. Immutable, thread-safe.
/// </summary>
public sealed class DepartmentTable
{
    private readonly FrozenDictionary<string, Department> _byAlias;
    private readonly FrozenDictionary<string, Department>.AlternateLookup<ReadOnlySpan<char>> _aliasLookup;
    private readonly FrozenDictionary<string, string> _placeWords;
    private readonly string[] _placeWordsLongestFirst;
    private readonly string[] _notPlaces;
    private readonly SearchValues<char> _placeStarts;
    private readonly int _longestAlias;
    private readonly string[] _unlistedSuffixes;
    private readonly string[] _posts;
    private readonly string[] _branches;
    private readonly (string Suffix, string As)[] _equivalents;

    private DepartmentTable(
        ImmutableArray<Department> departments,
        FrozenDictionary<string, string> placeWords,
        IEnumerable<string> notPlaces,
        ImmutableArray<SelfReference> selfReferences,
        IEnumerable<string> unlistedSuffixes,
        IEnumerable<string> posts,
        IEnumerable<string> branches,
        IReadOnlyDictionary<string, string> equivalents)
    {
        _branches = [.. branches.Distinct(StringComparer.Ordinal)];
        _equivalents = [.. equivalents.Select(kv => (kv.Key, kv.Value)).OrderByDescending(e => e.Key.Length).ThenBy(e => e.Key, StringComparer.Ordinal)];
        _unlistedSuffixes = [.. unlistedSuffixes.Distinct(StringComparer.Ordinal)];
        _posts = [.. posts.Distinct(StringComparer.Ordinal)];
        Departments = departments;
        _placeWords = placeWords;
        _placeWordsLongestFirst = [.. placeWords.Keys.OrderByDescending(k => k.Length).ThenBy(k => k, StringComparer.Ordinal)];
        _notPlaces = [.. notPlaces.OrderByDescending(k => k.Length)];
        _placeStarts = SearchValues.Create(string.Concat(placeWords.Keys.Select(k => k[0]).Distinct()));
        SelfReferences = selfReferences;

        var byAlias = new Dictionary<string, Department>(StringComparer.Ordinal);
        foreach (var d in departments)
        {
            foreach (var alias in d.Aliases.Prepend(d.Name))
            {
                byAlias.TryAdd(alias, d);
            }
        }

        _byAlias = byAlias.ToFrozenDictionary(StringComparer.Ordinal);
        _aliasLookup = _byAlias.GetAlternateLookup<ReadOnlySpan<char>>();
        _longestAlias = byAlias.Keys.Max(k => k.Length);
    }

    public ImmutableArray<Department> Departments { get; }

    public ImmutableArray<SelfReference> SelfReferences { get; }

    /// <summary>The built-in table.</summary>
    public static DepartmentTable Default { get; } = Load(null);

    public static DepartmentTable Load(string? overridePath, string? displayName = null)
    {
        var display = displayName ?? overridePath ?? "departments.yaml";
        var file = YamlFiles.ReadEmbedded<DepartmentsFile>("departments.yaml");
        var text = overridePath is null ? null : YamlFiles.ReadText(overridePath, display);
        var extra = text is null ? null : YamlFiles.Parse<DepartmentsFile>(text, display);
        return YamlFiles.Locate(text, () => Compile(Merge(file, extra), display, file));
    }

    public static DepartmentTable FromYaml(string yaml, string displayName = "departments.yaml")
    {
        var file = YamlFiles.ReadEmbedded<DepartmentsFile>("departments.yaml");
        var extra = YamlFiles.Parse<DepartmentsFile>(yaml, displayName);
        return YamlFiles.Locate(yaml, () => Compile(Merge(file, extra), displayName, file));
    }

    /// <summary>The department with this canonical name or alias, if any.</summary>
    public Department? Find(string name) => _byAlias.GetValueOrDefault(name);

    /// <summary>The level a place word (市, 州, 街道…) denotes, if it is one.</summary>
    public string? LevelOfPlaceWord(string word) => _placeWords.GetValueOrDefault(word);

    /// <summary>
    /// Resolves an organisation name such as <c>XX市XX区发展和改革局</c>, <c>区财政局</c>, <c>团区委</c>
    /// or <c>公路街办</c>: the longest alias ending the name, and the level its place words say.
    /// </summary>
    public UnitMatch? Match(string organisation)
    {
        var name = organisation.Trim();
        if (name.Length == 0)
        {
            return null;
        }

        foreach (var d in Departments)
        {
            foreach (var p in d.Patterns)
            {
                if (p.IsMatch(name))
                {
                    return new UnitMatch(d, name, d.Level ?? LastPlaceLevel(name, name.Length));
                }
            }
        }

        for (var length = Math.Min(_longestAlias, name.Length); length >= 1; length--)
        {
            var suffix = name[^length..];
            if (!_byAlias.TryGetValue(suffix, out var department))
            {
                continue;
            }

            var prefixLength = name.Length - length;
            // A bare place word is not a department unless the whole name is that word (镇 alone is the
            // town's government, but the 区 of 园区 is not a district).
            if (department.IsArea && _placeWords.ContainsKey(suffix) && IsNotPlaceAt(name, name.Length))
            {
                continue;
            }

            var level = department.Level
                ?? LevelInsideAlias(suffix, department)
                ?? LastPlaceLevel(name, prefixLength);
            return new UnitMatch(department, suffix, level);
        }

        return MatchEquivalent(name) ?? MatchBranch(name) ?? MatchUnlisted(name);
    }

    // A name ending in a word that stands for another (a province's 厅 is the 局 below it: 省交通运输厅 →
    // 交通运输局 at 省), when the name with that word is a known department.
    private UnitMatch? MatchEquivalent(string name)
    {
        foreach (var (suffix, equivalent) in _equivalents)
        {
            if (name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.Ordinal)
                && Match(name[..^suffix.Length] + equivalent) is { Listed: true } match)
            {
                return match with { Matched = match.Matched[..^equivalent.Length] + suffix };
            }
        }

        return null;
    }

    // A branch of a known bureau is filed under it (市公安局XX分局, 市场监管局高新分局 → 公安局, 市场监督
    // 管理局): the name up to the last 局 before the branch word must be a known department, the branch's
    // own name between them at most 8 characters. Its level is that of the last place word before the
    // branch word: 市公安局XX区分局 serves a 区.
    private UnitMatch? MatchBranch(string name)
    {
        foreach (var branch in _branches)
        {
            if (!name.EndsWith(branch, StringComparison.Ordinal))
            {
                continue;
            }

            var bureau = name.LastIndexOf('局', name.Length - branch.Length - 1);
            if (bureau > 0 && name.Length - branch.Length - bureau - 1 <= 8 && Match(name[..(bureau + 1)]) is { Listed: true } parent)
            {
                return parent with { Level = LastPlaceLevel(name, name.Length - branch.Length) ?? parent.Level };
            }
        }

        return null;
    }

    /// <summary>
    /// The organisation a person's post belongs to: <c>XX街道党工委书记</c> → <c>XX街道党工委</c>, when the
    /// name itself is no known department and the part before a post is one; otherwise the name.
    /// </summary>
    public string WithoutPost(string name)
    {
        if (Match(name) is { Listed: true })
        {
            return name;
        }

        var cut = _posts
            .Select(post => name.IndexOf(post, StringComparison.Ordinal))
            .Where(i => i > 0 && Match(name[..i]) is { Listed: true })
            .DefaultIfEmpty(-1)
            .Max();
        return cut > 0 ? name[..cut] : name;
    }

    // A name the table does not know still names a department when it ends like one (市地震局,
    // XX镇农业综合服务中心): the words after the last place word, as written. Too short, masked (XX局)
    // or a party committee's own office (县委办公室 → 委办公室) is no name.
    private UnitMatch? MatchUnlisted(string name)
    {
        if (!_unlistedSuffixes.Any(s => name.Length > s.Length && name.EndsWith(s, StringComparison.Ordinal)))
        {
            return null;
        }

        var (end, level) = LastPlace(name, name.Length);
        var department = name[end..];
        if (department.Length is < 3 or > 16 || department[0] == '委'
            || department.Any(c => c is 'x' or 'X' or '×' || !IsHan(c)))
        {
            return null;
        }

        return new UnitMatch(new Department(department, [], [], false, null, []), department, level) { Listed = false };
    }

    private static bool IsHan(char c) => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF';

    /// <summary>The level of the last place word ending at or before <paramref name="end"/>.</summary>
    public string? LastPlaceLevel(string text, int end) => LastPlace(text, end).Level;

    // Where the last place word ending at or before `end` ends, and its level ((0, null) if none). A place
    // word that begins a word only looking like a place is none (the 市 of 市场, the 乡 of 乡村).
    private (int End, string? Level) LastPlace(string text, int end)
    {
        for (var i = end; i > 0; i--)
        {
            foreach (var word in _placeWordsLongestFirst)
            {
                if (i >= word.Length && string.CompareOrdinal(text, i - word.Length, word, 0, word.Length) == 0
                    && !IsNotPlaceAt(text, i) && !StartsNotPlace(text, i - word.Length, i))
                {
                    return (i, _placeWords[word]);
                }
            }
        }

        return (0, null);
    }

    private bool StartsNotPlace(string text, int start, int end)
    {
        foreach (var word in _notPlaces)
        {
            if (word.Length > end - start && string.CompareOrdinal(text, start, word, 0, word.Length) == 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the text ending at <paramref name="end"/> ends with a word that only looks like a place (园区, 社区…).</summary>
    public bool IsNotPlaceAt(string text, int end)
    {
        foreach (var word in _notPlaces)
        {
            if (end >= word.Length && string.CompareOrdinal(text, end - word.Length, word, 0, word.Length) == 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the place word at <paramref name="start"/> (<paramref name="length"/> characters) is only
    /// the tail of a longer place word ending at the same place: the 区 of 自治区 or 地区, the 市 of 县级市.
    /// </summary>
    public bool IsTailOfLongerPlaceWord(string text, int start, int length)
    {
        var end = start + length;
        foreach (var word in _placeWordsLongestFirst)
        {
            if (word.Length <= length)
            {
                break; // longest first: the rest are no longer
            }

            var from = end - word.Length;
            if (from >= 0 && string.CompareOrdinal(text, from, word, 0, word.Length) == 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Finds, in running text, organisation names made of a place word directly followed by a known
    /// department name (区经信局, 县林业局, 州林业局). Returns them in text order.
    /// </summary>
    public IEnumerable<(int Index, string PlaceWord, string Level, Department Department, string Alias)> FindPlacedMentions(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var next = text.AsSpan(i).IndexOfAny(_placeStarts);
            if (next < 0)
            {
                yield break;
            }

            i += next;

            foreach (var word in _placeWordsLongestFirst)
            {
                if (string.CompareOrdinal(text, i, word, 0, word.Length) != 0)
                {
                    continue;
                }

                if (IsTailOfLongerPlaceWord(text, i, word.Length))
                {
                    break; // 自治区林业局 was found at 自; its 区 is no district
                }

                var start = i + word.Length;
                var best = (Department: (Department?)null, Length: 0);
                for (var length = 2; length <= _longestAlias && start + length <= text.Length; length++)
                {
                    if (_aliasLookup.TryGetValue(text.AsSpan(start, length), out var d) && !d.IsArea)
                    {
                        best = (d, length);
                    }
                }

                if (best.Department is { } found && !IsNotPlaceAt(text, start))
                {
                    yield return (i, word, _placeWords[word], found, text.Substring(start, best.Length));
                }

                break;
            }
        }
    }

    // 区政府 (an alias of 政府 with a place word in front) says 区; 团区委 and 共青团县委 say the place
    // word right before 委.
    private string? LevelInsideAlias(string alias, Department department)
    {
        foreach (var word in _placeWordsLongestFirst)
        {
            if (alias.Length > word.Length && alias.StartsWith(word, StringComparison.Ordinal)
                && _byAlias.TryGetValue(alias[word.Length..], out var rest) && rest == department)
            {
                return _placeWords[word];
            }
        }

        var committee = alias.LastIndexOf('委');
        return committee <= 0 ? null : _placeWords.GetValueOrDefault(alias[(committee - 1)..committee]);
    }

    private static DepartmentsFile Merge(DepartmentsFile defaults, DepartmentsFile? extra)
    {
        if (extra is null)
        {
            return defaults;
        }

        var disabled = new HashSet<string>(extra.Disable, StringComparer.Ordinal);
        var replaced = new HashSet<string>(extra.Departments.Select(d => d.Name ?? ""), StringComparer.Ordinal);
        var levels = new Dictionary<string, List<string>>(defaults.Levels, StringComparer.Ordinal);
        foreach (var (level, words) in extra.Levels)
        {
            levels[level] = [.. levels.GetValueOrDefault(level) ?? [], .. words];
        }

        return new DepartmentsFile
        {
            Levels = levels,
            NotPlaces = [.. defaults.NotPlaces, .. extra.NotPlaces],
            UnlistedSuffixes = [.. defaults.UnlistedSuffixes.Where(x => !disabled.Contains(x)), .. extra.UnlistedSuffixes],
            Posts = [.. defaults.Posts.Where(x => !disabled.Contains(x)), .. extra.Posts],
            Branches = [.. defaults.Branches.Where(x => !disabled.Contains(x)), .. extra.Branches],
            SuffixEquivalents = new Dictionary<string, string>(
                defaults.SuffixEquivalents.Where(kv => !disabled.Contains(kv.Key)).Concat(extra.SuffixEquivalents)
                    .GroupBy(kv => kv.Key, StringComparer.Ordinal).Select(g => g.Last()), StringComparer.Ordinal),
            SelfReferences = [.. defaults.SelfReferences, .. extra.SelfReferences],
            Departments =
            [
                .. extra.Departments,
                .. defaults.Departments.Where(d => !disabled.Contains(d.Name ?? "") && !replaced.Contains(d.Name ?? "")),
            ],
        };
    }

    private static DepartmentTable Compile(DepartmentsFile file, string display, DepartmentsFile builtIn)
    {
        // Built-in patterns run without a time limit, an archivist's with one (YamlFiles.Compile).
        var builtInPatterns = builtIn.Departments.SelectMany(d => d.Patterns).Concat(builtIn.SelfReferences.Select(s => s.Pattern)).ToHashSet(StringComparer.Ordinal);
        var placeWords = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (level, words) in file.Levels)
        {
            if (!Levels.All.Contains(level) || level == Levels.Unknown)
            {
                throw new RuleFileException(display, null, $"unknown level '{level}' (use one of {string.Join(", ", Levels.All.SkipLast(1))})") { Value = level };
            }

            foreach (var w in words)
            {
                placeWords[w] = level;
            }
        }

        var departments = file.Departments.Select(d =>
        {
            if (string.IsNullOrWhiteSpace(d.Name))
            {
                throw new RuleFileException(display, null, "a department has no name");
            }

            if (d.Level is { } l && (!Levels.All.Contains(l) || l == Levels.Unknown))
            {
                throw new RuleFileException(display, null, $"department '{d.Name}' has unknown level '{l}'") { Value = l };
            }

            return new Department(
                d.Name,
                [.. d.Aliases],
                [.. d.Patterns.Select(p => YamlFiles.Compile(p, display, d.Name, builtInPatterns.Contains(p)))],
                d.Area,
                d.Level,
                [.. d.Topics]);
        }).ToImmutableArray();

        var selfRefs = file.SelfReferences.Select(s =>
        {
            var regex = YamlFiles.Compile(s.Pattern ?? "", display, "self-reference", builtInPatterns.Contains(s.Pattern));
            if (!regex.GetGroupNames().Contains("level"))
            {
                throw new RuleFileException(display, null, $"self-reference pattern '{s.Pattern}' needs a (?<level>…) group") { Value = s.Pattern };
            }

            return new SelfReference(regex, s.Weight);
        }).ToImmutableArray();

        return new DepartmentTable(departments, placeWords.ToFrozenDictionary(StringComparer.Ordinal), file.NotPlaces, selfRefs, file.UnlistedSuffixes, file.Posts, file.Branches, file.SuffixEquivalents);
    }

    internal sealed class DepartmentsFile
    {
        public Dictionary<string, List<string>> Levels { get; set; } = [];
        public List<string> NotPlaces { get; set; } = [];
        public List<SelfReferenceEntry> SelfReferences { get; set; } = [];
        public List<DepartmentEntry> Departments { get; set; } = [];
        public List<string> UnlistedSuffixes { get; set; } = [];
        public List<string> Posts { get; set; } = [];
        public List<string> Branches { get; set; } = [];
        public Dictionary<string, string> SuffixEquivalents { get; set; } = [];
        public List<string> Disable { get; set; } = [];
    }

    internal sealed class SelfReferenceEntry
    {
        public string? Pattern { get; set; }
        public int Weight { get; set; } = 1;
    }

    internal sealed class DepartmentEntry
    {
        public string? Name { get; set; }
        public List<string> Aliases { get; set; } = [];
        public List<string> Patterns { get; set; } = [];
        public bool Area { get; set; }
        public string? Level { get; set; }
        public List<string> Topics { get; set; } = [];
    }
}
