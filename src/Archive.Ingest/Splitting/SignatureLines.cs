using System.Text.RegularExpressions;
using Archive.Ingest.Rules;

namespace Archive.Ingest.Splitting;

/// <summary>The date of a signature, and its organisation when both stand on one line.</summary>
/// <param name="Organisation">The organisation before the date on the same line (县民政局　2024年1月5日), or null.</param>
/// <param name="Text">The date as written.</param>
/// <param name="Date">The date's match of <see cref="TextPatterns.DateLine"/> (groups y, m, d).</param>
public sealed record SignedDate(string? Organisation, string Text, Match Date);

/// <summary>
/// How a report is signed, read the same by every stage (splitting, structure, titles composed for
/// reports without one): organisation lines — a name the department table knows, or one that ends like
/// an organisation (…局, …委员会, …街道) — above a date line; or the organisation and the date on one line.
/// </summary>
public sealed partial class SignatureLines(DepartmentTable departments)
{
    /// <summary>Whether a line names an organisation: short, no sentence punctuation, not a heading.</summary>
    public bool IsOrganisation(string text) => Organisation(text) is not null;

    /// <summary>
    /// The organisation a line names, without a form's label before it (报送单位：XX县审计局) or a seal
    /// note after it (XX县财政局（盖章）); null when the line names none.
    /// </summary>
    public string? Organisation(string text)
    {
        var name = text.Trim();
        if (OrganisationLabel().Match(name) is { Success: true } label)
        {
            name = name[label.Length..];
        }

        if (SealNote().Match(name) is { Success: true } seal)
        {
            name = name[..seal.Index];
        }

        return name.Length is >= 2 and <= 40
            && !TextPatterns.HasSentenceStop(name)
            && name.AsSpan().IndexOfAny("，,：:") < 0
            && !TextPatterns.OutlineMarker().IsMatch(name)
            && !TextPatterns.DateLine().IsMatch(name)
            && (departments.Match(name) is not null || OrganisationSuffix().IsMatch(name))
            ? name
            : null;
    }

    /// <summary>
    /// The date a line signs with: a date line (2023年10月18日, 2023.10.18), or an organisation, a space
    /// or tab and a date (the first cut at one that leaves an organisation before and a whole date after).
    /// </summary>
    public SignedDate? ReadDate(string text)
    {
        // Most lines end otherwise: the regex only for those that can be dates.
        if (text.Length < 6 || text.Length > 64 || text[^1] is not ('日' or '号' or '月' or (>= '0' and <= '9')))
        {
            return null;
        }

        if (TextPatterns.DateLine().Match(text) is { Success: true } date)
        {
            return new SignedDate(null, text, date);
        }

        // A date under its label, as a form signs: 日期：2023年12月20日.
        if (DateLabel().Match(text) is { Success: true } label && TextPatterns.DateLine().Match(text[label.Length..]) is { Success: true } labelled)
        {
            return new SignedDate(null, text, labelled);
        }

        // (A tab parts them as a space does: 县财政局⇥2024年1月5日, typed so to push the date right.)
        for (var space = text.IndexOfAny(Gaps); space > 0; space = text.IndexOfAny(Gaps, space + 1))
        {
            var part = text[space..].Trim();
            if (TextPatterns.DateLine().Match(part) is { Success: true } match && text[..space].Trim() is var organisation && IsOrganisation(organisation))
            {
                return new SignedDate(organisation, part, match);
            }
        }

        return null;
    }

    private static readonly char[] Gaps = [' ', '\t'];

    [GeneratedRegex(@"^(?:日期|落款日期|成文日期|(?:报送|填报|上报)(?:时间|日期))\s*[:：]\s*")]
    private static partial Regex DateLabel();

    // A form's label before the organisation that signs: 报送单位： / 填报单位： / 单位：.
    [GeneratedRegex(@"^(?:报送|填报|上报|编制|汇报)?单位\s*[:：]\s*")]
    private static partial Regex OrganisationLabel();

    // A note where the seal goes: （盖章） / (公章) / （签章）.
    [GeneratedRegex(@"\s*[（(]\s*(?:盖章|公章|章|签章|印章|签字|签名)\s*[)）]$")]
    private static partial Regex SealNote();

    [GeneratedRegex(@"(局|委员会|委|办公室|办事处|政府|中心|院|所|站|队|会|部|处|厅|公司|集团|学校|医院|支部|党组|办|街道|镇|乡|村|社区)$")]
    private static partial Regex OrganisationSuffix();
}
