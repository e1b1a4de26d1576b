using System.Text;
using Archive.Ingest.Reading;
using Archive.Ingest.Tests.Support;

namespace Archive.Ingest.Tests.Reading;

/// <summary>Files that are not usable text are skipped with a one-line reason naming the problem; reading never throws.</summary>
public sealed class SkippedFileTests
{
    private static string Skipped(byte[] bytes, string name)
    {
        var outcome = SourceReader.Read(bytes, name);
        Assert.Null(outcome.Source);
        Assert.NotNull(outcome.Skipped);
        Assert.DoesNotContain('\n', outcome.Skipped);
        Assert.Equal(name, outcome.File);
        return outcome.Skipped!;
    }

    [Fact]
    public void An_empty_file_is_skipped_as_empty()
    {
        Assert.Contains("empty", Skipped([], "empty.txt"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Random_bytes_are_skipped_as_binary()
    {
        var bytes = new byte[8192];
        new Random(7).NextBytes(bytes);

        var reason = Skipped(bytes, "random.txt");

        Assert.Matches("NUL|binary|not a text|control", reason);
    }

    [Fact]
    public void Random_bytes_without_nul_are_skipped_as_an_unknown_encoding()
    {
        var bytes = new byte[8192];
        new Random(11).NextBytes(bytes);
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = bytes[i] == 0 ? (byte)0x80 : bytes[i];
        }

        var reason = Skipped(bytes, "random.txt");

        Assert.Matches("encoding|binary|control", reason);
    }

    [Fact]
    public void Nul_bytes_in_text_make_it_binary()
    {
        var bytes = Encoding.UTF8.GetBytes("区财政局2023年工作总结\n\0\0\0\0正文。\n");

        Assert.Contains("NUL", Skipped(bytes, "nul.txt"), StringComparison.Ordinal);
    }

    [Fact]
    public void Utf16_without_a_bom_is_skipped_and_the_reason_says_a_bom_is_needed()
    {
        var bytes = Encoding.Unicode.GetBytes("区财政局2023年工作总结\n正文。");

        Assert.Contains("byte-order mark", Skipped(bytes, "utf16.txt"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("report.pdf")]
    [InlineData("report.txt")]
    public void A_damaged_pdf_is_skipped_as_a_corrupt_pdf_whatever_its_name(string name)
    {
        var bytes = Encoding.ASCII.GetBytes("%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n");

        Assert.StartsWith("corrupt PDF", Skipped(bytes, name), StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_file_named_pdf_is_skipped_as_not_a_pdf()
    {
        var bytes = Encoding.UTF8.GetBytes("区财政局2023年工作总结\n正文。");

        Assert.Contains("does not start with %PDF", Skipped(bytes, "report.pdf"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("report.doc")]
    [InlineData("report.txt")]
    public void A_damaged_old_office_document_is_skipped_as_a_corrupt_word_document(string name)
    {
        byte[] bytes = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[504]];

        Assert.Contains("corrupt Word 97–2003 document", Skipped(bytes, name), StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_that_is_not_a_document_is_skipped_as_an_archive()
    {
        using var ms = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(ms, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var w = new StreamWriter(zip.CreateEntry("a.txt").Open());
            w.Write("区财政局2023年工作总结");
        }

        Assert.Contains("zip", Skipped(ms.ToArray(), "bundle.zip"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Reading_a_missing_path_is_a_skip_not_an_exception()
    {
        var outcome = SourceReader.Read(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "gone.txt"), "gone.txt");

        Assert.Null(outcome.Source);
        Assert.Contains("cannot be read", outcome.Skipped, StringComparison.Ordinal);
    }
}
