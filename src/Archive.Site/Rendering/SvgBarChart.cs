using System.Globalization;
using System.Net;
using System.Text;

namespace Archive.Site.Rendering;

/// <summary>One bar: a label, its value and where it links.</summary>
public sealed record Bar(string Label, int Value, string? Url);

/// <summary>
/// Horizontal bar charts drawn at build time as inline SVG: no script, no external library, styled
/// by the theme's CSS (classes only, no inline styles, so a strict Content-Security-Policy holds).
/// Each chart has a title and description for assistive technology; bars link to their browse page.
/// </summary>
public static class SvgBarChart
{
    private const int Width = 640;
    private const int LabelWidth = 150;
    private const int RowHeight = 28;
    private const int BarHeight = 18;
    private const int ValueSpace = 48;

    public static string Render(string id, string title, IReadOnlyList<Bar> bars)
    {
        var max = Math.Max(1, bars.Count == 0 ? 1 : bars.Max(b => b.Value));
        var height = Math.Max(1, bars.Count) * RowHeight + 8;
        var plot = Width - LabelWidth - ValueSpace;
        var sb = new StringBuilder();
        var titleId = id + "-title";
        var descId = id + "-desc";
        sb.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {height}\" width=\"100%\" role=\"img\" aria-labelledby=\"{titleId} {descId}\" xmlns=\"http://www.w3.org/2000/svg\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title id=\"{titleId}\">{E(title)}</title>");
        sb.Append(CultureInfo.InvariantCulture, $"<desc id=\"{descId}\">{E(string.Join("；", bars.Select(b => $"{b.Label}：{b.Value} 篇")))}</desc>");
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var y = 4 + i * RowHeight;
            var w = Math.Max(2, (int)Math.Round(plot * (double)bar.Value / max));
            var textY = y + BarHeight - 4;
            var inner = new StringBuilder();
            inner.Append(CultureInfo.InvariantCulture, $"<text class=\"chart-label\" x=\"{LabelWidth - 8}\" y=\"{textY}\" text-anchor=\"end\">{E(Shorten(bar.Label))}</text>");
            inner.Append(CultureInfo.InvariantCulture, $"<rect class=\"chart-bar\" x=\"{LabelWidth}\" y=\"{y}\" width=\"{w}\" height=\"{BarHeight}\" rx=\"3\"/>");
            inner.Append(CultureInfo.InvariantCulture, $"<text class=\"chart-value\" x=\"{LabelWidth + w + 6}\" y=\"{textY}\">{bar.Value}</text>");
            if (bar.Url is not null)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<a href=\"{E(bar.Url)}\"><title>{E(bar.Label)}：{bar.Value} 篇</title>{inner}</a>");
            }
            else
            {
                sb.Append(inner);
            }
        }

        sb.Append("</svg>");
        return sb.ToString();
    }

    private static string Shorten(string label) => label.Length <= 10 ? label : label[..9] + "…";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
