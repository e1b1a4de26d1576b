using System.Collections.Immutable;
using Archive.Core;
using Archive.Ingest.Rules;

namespace Archive.Ingest.Cleaning;

/// <summary>
/// Step 6, <c>Unmask</c>: restores what the distributing site masked (D for 党, A for 习近平) by the
/// rules in <c>rules.yaml</c>. Every change is logged with the rule and the count.
/// Runs before splitting so that titles and metadata see the restored text.
/// </summary>
public sealed class Unmask
{
    private readonly CleaningRules _rules;

    // Per rule, what a line must hold for the rule to be tried (a character every match holds, RequiredChars;
    // words one of which must follow the mask), worked out once per pipeline.
    private readonly string?[] _requiredChars;
    private readonly string[]?[] _followingWords;

    // The characters a line must hold for any rule to be tried; null when a rule's cannot be told.
    private readonly string? _anyRequiredChar;

    public Unmask(CleaningRules rules)
    {
        _rules = rules;
        _requiredChars = [.. rules.Unmask.Select(r => r.Required)];
        _followingWords = [.. rules.Unmask.Select(r => FollowingWords(r.Pattern.ToString()))];
        _anyRequiredChar = _requiredChars.Any(c => c is null) ? null : string.Concat(_requiredChars);
    }

    public CleanedSource Apply(CleanedSource source)
    {
        var rules = _rules;
        if (rules.Unmask.IsEmpty)
        {
            return source;
        }

        ImmutableArray<CleanLine>.Builder? lines = null;
        var log = source.Log.ToBuilder();
        for (var i = 0; i < source.Lines.Length; i++)
        {
            var line = source.Lines[i];
            if (line.IsBlank || (_anyRequiredChar is not null && line.Text.AsSpan().IndexOfAny(_anyRequiredChar) < 0))
            {
                lines?.Add(line);
                continue;
            }

            var text = line.Text;
            for (var r = 0; r < rules.Unmask.Length; r++)
            {
                var rule = rules.Unmask[r];
                if ((_requiredChars[r] is { } first && text.AsSpan().IndexOfAny(first) < 0)
                    || (_followingWords[r] is { } words && !ContainsAny(text, words)))
                {
                    continue;
                }

                var count = 0;
                text = rule.Pattern.Replace(text, _ =>
                {
                    count++;
                    return rule.Replacement!;
                });
                if (count > 0)
                {
                    log.Add(new CleaningEntry(source.File, line.Number, CleaningAction.Unmasked, rule.Name, count));
                }
            }

            if (lines is null && !ReferenceEquals(text, line.Text))
            {
                lines = ImmutableArray.CreateBuilder<CleanLine>(source.Lines.Length);
                lines.AddRange(source.Lines, i);
            }

            lines?.Add(ReferenceEquals(text, line.Text) ? line : line with { Text = text });
        }

        return lines is null
            ? source with { Log = log.ToImmutable() }
            : source with { Lines = lines.ToImmutable(), Log = log.ToImmutable() };
    }

    // The words one of which must follow the mask, when the pattern closes with a look-ahead listing
    // them, each of two characters or more (…(?=新时代中国特色社会主义思想|总书记|…)): a line without any
    // skips the rule. (Single characters would let nearly every line through.)
    private static string[]? FollowingWords(string pattern)
    {
        const string open = "(?=";
        var start = pattern.LastIndexOf(open, StringComparison.Ordinal);
        if (start < 0 || !pattern.EndsWith(')'))
        {
            return null;
        }

        var words = pattern[(start + open.Length)..^1].Split('|');
        return words.All(w => w.Length >= 2 && w.All(c => c > 127 && !char.IsWhiteSpace(c))) ? words : null;
    }

    private static bool ContainsAny(string text, string[] words)
    {
        foreach (var word in words)
        {
            if (text.Contains(word, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
