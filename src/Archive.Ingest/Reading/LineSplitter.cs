namespace Archive.Ingest.Reading;

/// <summary>Splits text into lines on any line ending (CRLF, LF, CR), without the endings.</summary>
public static class LineSplitter
{
    public static List<string> Split(string text)
    {
        var lines = new List<string>(text.Length / 40 + 1);
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is not '\n' and not '\r')
            {
                continue;
            }

            lines.Add(text[start..i]);
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                i++;
            }

            start = i + 1;
        }

        if (start < text.Length)
        {
            lines.Add(text[start..]);
        }

        return lines;
    }
}
