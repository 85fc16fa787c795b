using Crossover.Reports.Charts;

namespace Crossover.Reports.Tests;

public sealed class ContrastTests
{
    [Theory]
    [InlineData("#000000", "#ffffff", 21.0)]
    [InlineData("#ffffff", "#ffffff", 1.0)]
    [InlineData("#767676", "#ffffff", 4.54)]
    [InlineData("#2f6fdb", "#e8f0fd", 4.15)]
    public void Ratio_KnownPairs_MatchWcag(string first, string second, double expected)
    {
        Assert.Equal(expected, Contrast.Ratio(first, second), 2);
        Assert.Equal(Contrast.Ratio(first, second), Contrast.Ratio(second, first), 10);
    }

    [Fact]
    public void Palette_PillText_HasAtLeast4Point5To1OnItsTint()
    {
        foreach (var tone in Palette.Tones)
        {
            var ratio = Contrast.Ratio(tone.Text, tone.Tint);
            Assert.True(ratio >= 4.5, $"{tone.Name} pill text {tone.Text} on {tone.Tint}: {ratio:0.00}:1");
        }
    }

    [Fact]
    public void Palette_BodyText_HasAtLeast4Point5To1OnEverySurface()
    {
        foreach (var surface in new[] { Palette.Card, Palette.PageBackground, Palette.TableHeader }.Concat(Palette.Tones.Select(t => t.Tint)))
        {
            foreach (var text in new[] { Palette.Ink, Palette.Muted })
            {
                var ratio = Contrast.Ratio(text, surface);
                Assert.True(ratio >= 4.5, $"text {text} on {surface}: {ratio:0.00}:1");
            }
        }

        // The chart-data summaries are links-like text in the prompt tone's text colour on the white card.
        Assert.True(Contrast.Ratio(Palette.Of(Writers.Tone.Prompt).Text, Palette.Card) >= 4.5);
    }

    [Fact]
    public void Palette_ChartMarksAndToneMarks_HaveAtLeast3To1OnWhite()
    {
        foreach (var mark in Palette.Marks.Concat(Palette.Tones.Select(t => t.Mark)))
        {
            var ratio = Contrast.Ratio(mark, "#ffffff");
            Assert.True(ratio >= 3, $"mark {mark} on white: {ratio:0.00}:1");
        }
    }

    [Fact]
    public void RenderHtml_Styles_TakePillColoursFromThePalette()
    {
        var html = ReportRenderer.RenderHtml(SampleDecisions.Context(SampleDecisions.CustomerService()));

        foreach (var tone in Palette.Tones)
        {
            Assert.Contains($"--{tone.Name}-text: {tone.Text}; --{tone.Name}-tint: {tone.Tint};", html, StringComparison.Ordinal);
            Assert.Contains($".pill.tone-{tone.Name} {{ color: var(--{tone.Name}-text); background: var(--{tone.Name}-tint); }}", html, StringComparison.Ordinal);
        }
    }
}
