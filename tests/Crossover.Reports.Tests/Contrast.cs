using System.Globalization;

namespace Crossover.Reports.Tests;

/// <summary>WCAG 2.1's contrast ratio of two sRGB colours (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio).</summary>
internal static class Contrast
{
    public static double Ratio(string first, string second)
    {
        var (lighter, darker) = (Luminance(first), Luminance(second)) is var (a, b) && a >= b ? (a, b) : (b, a);
        return (lighter + 0.05) / (darker + 0.05);
    }

    /// <summary>Relative luminance of #rrggbb (https://www.w3.org/TR/WCAG21/#dfn-relative-luminance).</summary>
    public static double Luminance(string hex)
    {
        var digits = hex.TrimStart('#');
        double Channel(int at)
        {
            var c = int.Parse(digits.AsSpan(at, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
            return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }

        return (0.2126 * Channel(0)) + (0.7152 * Channel(2)) + (0.0722 * Channel(4));
    }
}
