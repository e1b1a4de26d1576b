using System.Collections.Immutable;
using Archive.Core;
using Archive.Ingest.Rules;

namespace Archive.Ingest.Cleaning;

/// <summary>
/// Step 6, <c>Unmask</c>: restores what the distributing site masked (D for 党, A for 习近平) by the
/// rules in <c>rules.yaml</c>. Every change is logged with the rule and the count.
/// Runs before splitting so that titles and metadata see the restored text.
/// </summary>
public sealed class Unmask(CleaningRules rules)
{
    public CleanedSource Apply(CleanedSource source)
    {
        if (rules.Unmask.IsEmpty)
        {
            return source;
        }

        var firstChars = rules.Unmask.Select(r => FirstLiteral(r.Pattern.ToString())).ToArray();
        var anyUnknown = firstChars.Any(c => c is null);
        var hints = string.Concat(firstChars.Where(c => c is not null));

        ImmutableArray<CleanLine>.Builder? lines = null;
        var log = source.Log.ToBuilder();
        for (var i = 0; i < source.Lines.Length; i++)
        {
            var line = source.Lines[i];
            if (line.IsBlank || (!anyUnknown && line.Text.AsSpan().IndexOfAny(hints) < 0))
            {
                lines?.Add(line);
                continue;
            }

            var text = line.Text;
            foreach (var rule in rules.Unmask)
            {
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

    // The literal character a pattern must contain at its core, after look-arounds (D, A…): lets
    // lines without it skip the regular expressions entirely. Null when it cannot be told.
    private static char? FirstLiteral(string pattern)
    {
        var depth = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                if (depth == 0)
                {
                    return null;
                }

                i++;
                continue;
            }

            if (c == '(')
            {
                depth++;
            }
            else if (c == ')')
            {
                depth--;
            }
            else if (depth == 0)
            {
                return char.IsLetterOrDigit(c) || c > 127 ? c : null;
            }
        }

        return null;
    }
}
