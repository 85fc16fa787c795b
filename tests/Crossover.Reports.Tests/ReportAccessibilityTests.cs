using System.Text.Json;
using Microsoft.Playwright;

namespace Crossover.Reports.Tests;

/// <summary>The report for every reader: WCAG 2.1 AA by axe-core, charts that show their data on a phone, labels that stay apart, print that wraps.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReportAccessibilityTests(BrowserFixture fixture)
{
    private static readonly string[] EverySectionId =
        ["answer", "options", "value-of-information", "criteria", "economics", "uncertainty", "measurements", "evaluation", "cascades", "learning-curve", "tuning-jobs", "provenance"];

    /// <summary>A report with every section there is: evidence, a run, cascades, a learning curve and tuning jobs.</summary>
    private static ReportContext EverySection() =>
        SampleDecisions.Context(SampleDecisions.CustomerService(withEvidence: true), SampleDecisions.Run(), SampleDecisions.Jobs())
            with { Curve = SampleCurves.Support(), Cascades = SampleCascades.Analysis() };

    [AxeFact]
    public async Task HtmlReport_EverySection_HasNoWcag21AAViolationsOnADesktopOrAPhone()
    {
        var html = ReportRenderer.RenderHtml(EverySection());

        var violations = new List<string>();
        foreach (var width in new[] { 1280, 375 })
        {
            await using var loaded = await LoadedPage.OpenAsync(fixture.Browser, html, $"accessibility-{width}", new ViewportSize { Width = width, Height = 900 });
            foreach (var id in EverySectionId)
            {
                Assert.True(await loaded.Page.IsVisibleAsync($"section#{id}"), $"section {id} is missing, so it went unchecked");
            }

            // The tables behind the charts are checked too: axe skips what a closed <details> hides.
            await loaded.Page.EvaluateAsync("document.querySelectorAll('details').forEach(d => d.open = true)");
            violations.AddRange((await AxeCore.ViolationsAsync(loaded.Page, AxeCore.Wcag21AA)).Select(v => $"at {width} px: {v}"));
        }

        Assert.True(violations.Count == 0, "WCAG 2.1 AA violations:\n" + string.Join("\n", violations));
    }

    [BrowserFact]
    public async Task HtmlReport_OnA375PxPhone_EveryChartDrawsAllItsDataInsideTheVisibleBoxWithoutOverlappingText()
    {
        var html = ReportRenderer.RenderHtml(EverySection());

        await using var loaded = await LoadedPage.OpenAsync(fixture.Browser, html, "phone-charts", new ViewportSize { Width = 375, Height = 812 });

        var charts = JsonSerializer.Deserialize<ChartGeometry[]>(await loaded.Page.EvaluateAsync<string>(ChartGeometryScript), JsonOptions)!;
        Assert.Equal(10, charts.Length);
        foreach (var chart in charts)
        {
            await loaded.Page.Locator($"#chart-{chart.Name}").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsFolder, $"phone-chart-{chart.Name}.png") });
            Assert.True(chart.VisibleSvgs == 1, $"{chart.Name}: {chart.VisibleSvgs} layouts shown instead of one");
            Assert.True(chart.Width is > 250 and <= 375, $"{chart.Name}: drawn {chart.Width} px wide on a 375 px screen");
            Assert.True(chart.Marks > 10, $"{chart.Name}: only {chart.Marks} marks drawn");
            Assert.True(chart.Outside.Length == 0, $"{chart.Name}: {chart.Outside.Length} of {chart.Marks} marks lie outside the visible box, e.g. {string.Join("; ", chart.Outside.Take(3))}");
            Assert.True(chart.Overlapping.Length == 0, $"{chart.Name}: texts overlap: {string.Join("; ", chart.Overlapping)}");
        }

        await loaded.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "phone-charts.png"), FullPage = true });
    }

    [BrowserFact]
    public async Task ParetoChart_TwelveCrowdedCandidates_NamesNeitherOverlapNorLeaveTheChart()
    {
        var run = SampleDecisions.CrowdedRun(12);
        var html = ReportRenderer.RenderHtml(SampleDecisions.Context(SampleDecisions.CustomerService(), run));
        var names = run.Candidates.Select(c => c.Name).ToArray();

        foreach (var width in new[] { 1280, 375 })
        {
            await using var loaded = await LoadedPage.OpenAsync(fixture.Browser, html, $"pareto-crowded-{width}", new ViewportSize { Width = width, Height = 900 });

            var boxes = JsonSerializer.Deserialize<LabelBox[]>(await loaded.Page.EvaluateAsync<string>(LabelBoxesScript, names), JsonOptions)!;
            Assert.Equal(names.Order(), boxes.Select(b => b.Text).Order());
            foreach (var box in boxes)
            {
                Assert.True(box.Inside, $"at {width} px: '{box.Text}' is drawn outside the chart");
            }

            for (var i = 0; i < boxes.Length; i++)
            {
                for (var j = i + 1; j < boxes.Length; j++)
                {
                    Assert.False(boxes[i].Intersects(boxes[j]), $"at {width} px: '{boxes[i].Text}' overlaps '{boxes[j].Text}'");
                }
            }

            await loaded.Page.Locator("#chart-eval-pareto").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsFolder, $"pareto-crowded-{width}.png") });
        }
    }

    [BrowserFact]
    public async Task HtmlReport_PrintedOnA4_WrapsEveryTableInsteadOfCuttingColumns()
    {
        var html = ReportRenderer.RenderHtml(EverySection());

        await using var loaded = await LoadedPage.OpenAsync(fixture.Browser, html, "print-every-section", new ViewportSize { Width = 794, Height = 1123 });
        await loaded.Page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });

        var cut = await loaded.Page.EvaluateAsync<string[]>(
            """
            [...document.querySelectorAll('.table-wrap')]
              .filter(w => w.offsetParent !== null && w.scrollWidth > w.clientWidth + 1)
              .map(w => `${w.getAttribute('aria-label')}: ${w.scrollWidth} px of content in ${w.clientWidth} px`)
            """);
        Assert.True(cut.Length == 0, "tables cut on paper:\n" + string.Join("\n", cut));
        await loaded.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "print-every-section.png"), FullPage = true });
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    /// <summary>
    /// Per chart: how many of its layouts are shown, its width, every drawn mark (shapes and text, not clip paths) whose box
    /// leaves the part of the chart a reader can see (the SVG clipped by every scrolling or clipping ancestor and the screen),
    /// and every pair of texts drawn over each other.
    /// </summary>
    private const string ChartGeometryScript =
        """
        JSON.stringify([...document.querySelectorAll('figure.chart')].map(figure => {
          const shown = [...figure.querySelectorAll('svg')].filter(svg => svg.getClientRects().length > 0);
          const svg = shown[0];
          let box = svg.getBoundingClientRect();
          let visible = { left: Math.max(box.left, 0), right: Math.min(box.right, window.innerWidth), top: box.top, bottom: box.bottom };
          for (let e = svg.parentElement; e; e = e.parentElement) {
            if (getComputedStyle(e).overflowX !== 'visible') {
              const r = e.getBoundingClientRect();
              visible = { left: Math.max(visible.left, r.left), right: Math.min(visible.right, r.right), top: Math.max(visible.top, r.top), bottom: Math.min(visible.bottom, r.bottom) };
            }
          }
          const marks = [...svg.querySelectorAll('rect, path, circle, ellipse, line, polyline, polygon, text')]
            .filter(m => !m.closest('clipPath, defs'))
            .map(m => ({ m, r: m.getBoundingClientRect() }))
            .filter(x => x.r.width > 0 || x.r.height > 0);
          const outside = marks.filter(x => x.r.left < visible.left - 1 || x.r.right > visible.right + 1 || x.r.top < visible.top - 1 || x.r.bottom > visible.bottom + 1)
            .map(x => `${x.m.tagName} ${(x.m.textContent || '').trim().slice(0, 30)} at ${Math.round(x.r.left)}–${Math.round(x.r.right)} px in ${Math.round(visible.left)}–${Math.round(visible.right)} px`);
          const texts = marks.filter(x => x.m.tagName === 'text' && x.m.textContent.trim() !== '');
          const overlapping = [];
          texts.forEach((a, i) => texts.slice(i + 1).forEach(b => {
            if (a.r.left < b.r.right - 1 && b.r.left < a.r.right - 1 && a.r.top < b.r.bottom - 1 && b.r.top < a.r.bottom - 1) {
              overlapping.push(`'${a.m.textContent.trim()}' and '${b.m.textContent.trim()}'`);
            }
          }));
          return { name: figure.dataset.chart, visibleSvgs: shown.length, width: box.width, marks: marks.length, outside, overlapping };
        }))
        """;

    /// <summary>The box of each candidate's name in the shown Pareto chart, and whether it lies inside the SVG.</summary>
    private const string LabelBoxesScript =
        """
        names => {
          const svg = [...document.querySelectorAll('#chart-eval-pareto svg')].find(s => s.getClientRects().length > 0);
          const frame = svg.getBoundingClientRect();
          return JSON.stringify([...svg.querySelectorAll('text')].filter(t => names.includes(t.textContent.trim())).map(t => {
            const r = t.getBoundingClientRect();
            return { text: t.textContent.trim(), left: r.left, right: r.right, top: r.top, bottom: r.bottom,
              inside: r.left >= frame.left && r.right <= frame.right && r.top >= frame.top && r.bottom <= frame.bottom };
          }));
        }
        """;

    private sealed record ChartGeometry(string Name, int VisibleSvgs, double Width, int Marks, string[] Outside, string[] Overlapping);

    private sealed record LabelBox(string Text, double Left, double Right, double Top, double Bottom, bool Inside)
    {
        public bool Intersects(LabelBox other) => Left < other.Right && other.Left < Right && Top < other.Bottom && other.Top < Bottom;
    }
}
