namespace Crossover.Reports.Tests;

public sealed class CascadeSectionTests
{
    [Fact]
    public void RenderHtml_WithCascades_ShowsTheRecommendationTheFrontierChartAndTheCalibrationNote()
    {
        var html = ReportRenderer.RenderHtml(SampleDecisions.Context(SampleDecisions.CustomerService(), SampleDecisions.Run()) with { Cascades = SampleCascades.Analysis() });

        var section = html[html.IndexOf("id=\"cascades\"", StringComparison.Ordinal)..];
        Assert.Contains("nano&gt;mini@confidence", section, StringComparison.Ordinal);
        Assert.Contains("The dashed line is the Pareto frontier: nano, nano&gt;mini@confidence, mini.", section, StringComparison.Ordinal);
        Assert.Contains("chosen on the 400 dev items", section, StringComparison.Ordinal);
        Assert.Contains("60 % / 40 %", section, StringComparison.Ordinal);
        Assert.Contains("$0.0114", section, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WithoutCascades_HasNoCascadeSection()
    {
        var context = SampleDecisions.Context(SampleDecisions.CustomerService(), SampleDecisions.Run());

        Assert.DoesNotContain("id=\"cascades\"", ReportRenderer.RenderHtml(context), StringComparison.Ordinal);
        Assert.Contains("## Cascades", ReportRenderer.RenderMarkdown(context with { Cascades = SampleCascades.Analysis() }, "r-").Text, StringComparison.Ordinal);
    }
}
