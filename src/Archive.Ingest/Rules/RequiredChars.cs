namespace Archive.Ingest.Rules;

/// <summary>
/// A quick test before a rule's regular expression runs: characters one of which every match must
/// contain. A literal character that no quantifier makes optional is in the text of any match of the
/// sequence it stands in, and so is one of the characters of a class of a few plain ones ([Xx], [\u3000\u2003]); a group that every match must pass through gives one such character from
/// each of its alternatives; a positive lookaround's text is in the line too. Of the sets a sequence
/// offers, the smallest is taken, Chinese characters preferred (few lines hold a given one). A line
/// holding none of them cannot match, and the regex is not run on it: most lines of a report hold
/// none of the characters of most of the 49 drop rules. A pattern it cannot read with certainty —
/// inline options such as <c>(?i)</c>, escapes such as <c>\cM</c> or <c>\1</c>, conditionals, or an
/// alternative without such a character — gets none, and always runs.
/// </summary>
public static class RequiredChars
{
    /// <summary>The characters, one of which every match contains; null when the pattern does not tell.</summary>
    public static string? Chars(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        try
        {
            var reader = new Reader(pattern);
            var set = reader.Alternation();
            return reader.AtEnd && set is not null ? new string([.. set]) : null;
        }
        catch (UnreadableException)
        {
            return null;
        }
    }

    private sealed class UnreadableException : Exception;

    private sealed class Reader(string pattern)
    {
        private const int MaxClass = 16;

        private int _pos;

        public bool AtEnd => _pos == pattern.Length;

        private char? Peek => _pos < pattern.Length ? pattern[_pos] : null;

        // a|b|c: one character from each alternative, or null when one has none.
        public List<char>? Alternation()
        {
            var union = new List<char>();
            var complete = true;
            while (true)
            {
                var set = Sequence();
                if (set is null)
                {
                    complete = false;
                }
                else
                {
                    union.AddRange(set.Where(c => !union.Contains(c)));
                }

                if (Peek != '|')
                {
                    return complete ? union : null;
                }

                _pos++;
            }
        }

        // The best set any required element of the sequence offers.
        private List<char>? Sequence()
        {
            List<char>? best = null;
            while (Peek is { } c && c is not ('|' or ')'))
            {
                var set = Element();
                var optional = Quantifier();
                if (!optional && set is not null)
                {
                    best = Better(best, set);
                }
            }

            return best;
        }

        private List<char>? Element()
        {
            var c = pattern[_pos++];
            switch (c)
            {
                case '(':
                    return Group();
                case '[':
                    return Class();
                case '\\':
                    return Escape();
                case '.' or '^' or '$':
                    return null;
                case '{' or '}' or '*' or '+' or '?':
                    throw new UnreadableException(); // a quantifier with nothing before it, or a literal brace
                default:
                    if (char.IsHighSurrogate(c))
                    {
                        _pos++;
                        return null;
                    }

                    return [c];
            }
        }

        private List<char>? Group()
        {
            var usable = true;
            if (Peek == '?')
            {
                _pos++;
                var kind = Peek ?? throw new UnreadableException();
                switch (kind)
                {
                    case ':' or '=' or '>':
                        _pos++;
                        break;
                    case '!':
                        _pos++;
                        usable = false;
                        break;
                    case '<' when _pos + 1 < pattern.Length && pattern[_pos + 1] is '=' or '!':
                        usable = pattern[_pos + 1] == '=';
                        _pos += 2;
                        break;
                    case '<' or '\'':
                        var close = pattern.IndexOf(kind == '<' ? '>' : '\'', _pos + 1);
                        _pos = close < 0 ? throw new UnreadableException() : close + 1;
                        break;
                    default:
                        // Options: (?i:…) reads its text otherwise (no set); (?i) changes the rest of the pattern.
                        var start = _pos;
                        while (Peek is 'i' or 'm' or 'n' or 's' or 'x' or '-')
                        {
                            _pos++;
                        }

                        if (_pos == start || Peek != ':')
                        {
                            throw new UnreadableException(); // (?i), a conditional (?(…)…), or unknown
                        }

                        usable = !pattern[start.._pos].Contains('i') && !pattern[start.._pos].Contains('x');
                        _pos++;
                        break;
                }
            }

            var set = Alternation();
            if (Peek != ')')
            {
                throw new UnreadableException();
            }

            _pos++;
            return usable ? set : null;
        }

        private List<char>? Escape()
        {
            var e = Peek ?? throw new UnreadableException();
            _pos++;
            if (e is 'p' or 'P')
            {
                var close = pattern.IndexOf('}', _pos);
                _pos = close < 0 ? throw new UnreadableException() : close + 1;
                return null;
            }

            if (e is 'x' or 'u')
            {
                var (code, digits) = ByCode(pattern, _pos, e) ?? throw new UnreadableException();
                _pos += digits;
                return [code];
            }

            if (e is 'c' or 'k' or 'N' || char.IsAsciiDigit(e))
            {
                throw new UnreadableException(); // a control character, a back-reference
            }

            // \d \s \w \b \A \z \n \t…: classes, anchors and control characters; \. \( \*…: the character.
            return char.IsAsciiLetter(e) ? null : [e];
        }

        // Reads a quantifier, if any; true when it lets the element match nothing (? * {0,…}).
        private bool Quantifier()
        {
            bool optional;
            switch (Peek)
            {
                case '?' or '*':
                    _pos++;
                    optional = true;
                    break;
                case '+':
                    _pos++;
                    optional = false;
                    break;
                case '{':
                    var close = pattern.IndexOf('}', _pos);
                    var bounds = close < 0 ? null : pattern[(_pos + 1)..close].Split(',');
                    if (bounds is null || bounds.Length > 2 || !int.TryParse(bounds[0], out var minimum)
                        || (bounds.Length == 2 && bounds[1].Length > 0 && !int.TryParse(bounds[1], out _)))
                    {
                        throw new UnreadableException(); // a brace that is no quantifier
                    }

                    _pos = close + 1;
                    optional = minimum == 0;
                    break;
                default:
                    return false;
            }

            if (Peek == '?')
            {
                _pos++; // lazy
            }

            return optional;
        }

        // A class of a few plain characters ([Xx], [*＊×]) is a set of them; any other (a negation, a
        // range, an escape, a subtraction) is none. Read past its ] either way.
        private List<char>? Class()
        {
            var start = _pos;
            SkipClass();
            var members = Members(pattern[start..(_pos - 1)]);
            return members is { Count: > 0 and <= MaxClass } ? [.. members.Distinct()] : null;
        }

        // The characters of a class's text when they are plain ones, or characters by code (\u3000, \x0B)
        // or escaped punctuation and tab (\[ \t); null for a negation, a range, a subtraction, a class
        // escape (\s \p{…}) or a surrogate.
        private static List<char>? Members(string text)
        {
            if (text.Length == 0 || text[0] == '^')
            {
                return null;
            }

            var members = new List<char>();
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c is '-' or '[' || char.IsSurrogate(c))
                {
                    return null;
                }

                if (c != '\\')
                {
                    members.Add(c);
                    continue;
                }

                if (++i >= text.Length)
                {
                    return null;
                }

                var e = text[i];
                if (e is 'x' or 'u')
                {
                    if (ByCode(text, i + 1, e) is not var (code, digits))
                    {
                        return null;
                    }

                    members.Add(code);
                    i += digits;
                }
                else if (e == 't')
                {
                    members.Add('\t');
                }
                else if (!char.IsAsciiLetterOrDigit(e))
                {
                    members.Add(e);
                }
                else
                {
                    return null;
                }
            }

            return members;
        }

        // A character by its code, \x41 or \u3000 (`kind` x or u; its hex digits at `at`), and how many
        // digits it took; null when they are not all there.
        private static (char Char, int Digits)? ByCode(string text, int at, char kind)
        {
            var digits = kind == 'x' ? 2 : 4;
            return text.Length - at >= digits && int.TryParse(text.AsSpan(at, digits), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var code)
                ? ((char)code, digits)
                : null;
        }

        // Past the ] that closes the class opened before _pos (a ] right after [ or [^ is a member).
        private void SkipClass()
        {
            if (Peek == '^')
            {
                _pos++;
            }

            if (Peek == ']')
            {
                _pos++;
            }

            while (Peek is { } c)
            {
                _pos++;
                if (c == '\\')
                {
                    _pos++;
                }
                else if (c == '-' && Peek == '[')
                {
                    _pos++;
                    SkipClass(); // a subtracted class: [a-z-[aeiou]]
                }
                else if (c == ']')
                {
                    return;
                }
            }

            throw new UnreadableException();
        }

        // The smaller set; of two the same size, the one of Chinese characters.
        private static List<char> Better(List<char>? current, List<char> candidate)
        {
            if (current is null || candidate.Count < current.Count)
            {
                return candidate;
            }

            return candidate.Count == current.Count && candidate.All(IsHan) && !current.All(IsHan) ? candidate : current;
        }

        private static bool IsHan(char c) => c is >= '\u3400' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF';
    }
}
