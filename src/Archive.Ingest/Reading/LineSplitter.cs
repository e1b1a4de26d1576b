namespace Archive.Ingest.Reading;

/// <summary>Splits text into lines on any line ending (CRLF, LF, CR), without the endings.</summary>
public static class LineSplitter
{
    public static List<string> Split(string text)
    {
        var lines = new List<string>(text.Length / 40 + 1);
        var span = text.AsSpan();
        var start = 0;
        while (start < text.Length)
        {
            var end = span[start..].IndexOfAny('\r', '\n');
            if (end < 0)
            {
                break;
            }

            end += start;
            lines.Add(text[start..end]);
            start = text[end] == '\r' && end + 1 < text.Length && text[end + 1] == '\n' ? end + 2 : end + 1;
        }

        if (start < text.Length)
        {
            lines.Add(text[start..]);
        }

        return lines;
    }
}
