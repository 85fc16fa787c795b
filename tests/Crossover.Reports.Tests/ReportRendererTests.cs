using System.Text.RegularExpressions;
using System.Xml.Linq;
using Crossover.Core.Formatting;
using Crossover.Evaluation.Results;

namespace Crossover.Reports.Tests;

public sealed partial class ReportRendererTests
{
    private static readonly string[] EveryChart = ["cost-per-request", "monthly-cost", "cumulative-cost", "tornado", "monte-carlo"];

    [Fact]
    public void RenderHtml_FullDecision_HasEveryChartAsInlineSvg()
    {
        var html = ReportRenderer.RenderHtml(SampleDecisions.Context(SampleDecisions.CustomerService()));

        foreach (var chart in EveryChart)
        {
            var figure = Regex.Match(
                html,
                $"<figure class=\"chart\" id=\"chart-{chart}\"[^>]*>\\s*<div class=\"chart-wide\"><svg[^>]*viewBox=\"0 0 820 \\d+\".*?</svg></div>\\s*<div class=\"chart-narrow\"><svg[^>]*viewBox=\"0 0 400 \\d+\"",
                RegexOptions.Singleline);
            Assert.True(figure.Success, $"chart {chart} is missing, not an inline SVG, or lacks its wide or phone layout");
        }
    }

    [Fact]
    public void RenderHtml_SeveralCharts_IdsAreUniqueInTheDocument()
    {
        var html = ReportRenderer.RenderHtml(SampleDecisions.Context(SampleDecisions.CustomerService()));

        var ids = IdAttribute().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains(ids, id => id.StartsWith("tornado-", StringComparison.Ordinal));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        foreach (Match reference in UrlReference().Matches(html))
        {
            Assert.Contains(reference.Groups[1].Value, ids);
        }
    }

    [Fact]
    public void RenderHtml_MaliciousNameDescriptionAndModel_RenderAsText()
    {
        var decision = SampleDecisions.CustomerService(
            name: SampleDecisions.Malicious + "Support",
            description: "<img src=x onerror=\"window.__pwned = 2\">",
            fineTunedModel: "<script>alert(1)</script>");

        var html = ReportRenderer.RenderHtml(SampleDecisions.Context(decision));

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;window.__pwned = 1&lt;/script&gt;Support", html);
        Assert.Contains("&lt;img src=x onerror=&quot;window.__pwned = 2&quot;&gt;", html);
    }

    [Fact]
    public void RenderHtml_Page_LoadsNothingFromTheNetwork()
    {
        var html = ReportRenderer.RenderHtml(SampleDecisions.Context(SampleDecisions.CustomerService(withEvidence: true)));

        Assert.Contains("http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';", html);
        Assert.Empty(ExternalReference().Matches(html));
    }

    [Fact]
    public void RenderHtml_AnswerSection_ShowsTheThreeDecidingReasonsAndNextSteps()
    {
        var decision = SampleDecisions.CustomerService();

        var html = ReportRenderer.RenderHtml(SampleDecisions.Context(decision));

        var answer = Regex.Match(html, "<section id=\"answer\".*?</section>", RegexOptions.Singleline).Value;
        Assert.Contains("data-recommendation=\"hybrid\"", answer);
        Assert.Contains("Fine-tune for form, prompt for facts", answer);
        Assert.Contains("Add retrieval (RAG)", answer);
        Assert.Contains("<strong>Volume is past break-even.</strong>", answer);
        Assert.Contains("<strong>Product facts change monthly.</strong>", answer);
        Assert.DoesNotContain("Consistent brand voice", answer);
        Assert.Contains("Label 1,000 more tickets", answer);
        Assert.True(html.IndexOf("id=\"answer\"", StringComparison.Ordinal) < html.IndexOf("id=\"criteria\"", StringComparison.Ordinal));
    }

    [Fact]
    public void RenderHtml_OneDecidingCriterion_FillsTheReasonsWithTheStrongestSupportingOnes()
    {
        var decision = SampleDecisions.CustomerService() with { Recommendation = Core.Economics.Approach.FineTuning, DecidingCriteria = ["volume-vs-break-even"] };

        var html = ReportRenderer.RenderHtml(SampleDecisions.Context(decision));

        var why = Regex.Match(html, "<h3>Why</h3>\\s*<ol class=\"items\">(.*?)</ol>", RegexOptions.Singleline).Groups[1].Value;
        var leads = Regex.Matches(why, "<strong>(.*?)</strong>").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["Volume is past break-even.", "Strict output format.", "Consistent brand voice."], leads);
    }

    [Fact]
    public void RenderHtml_Economics_ShowsCachingEffectPerApproach()
    {
        var html = ReportRenderer.RenderHtml(SampleDecisions.Context(SampleDecisions.CustomerService()));

        Assert.Contains("Per request, with caching</td><td class=\"num\" data-label=\"Prompt engineering\">$0.00430</td>", html);
        Assert.Contains("Per request, without caching</td><td class=\"num\" data-label=\"Prompt engineering\">$0.00754</td>", html);
        Assert.Contains("Caching saves per request: prompt engineering $0.00324, fine-tuning $0", html);
    }

    [Fact]
    public void RenderHtml_Provenance_ListsEveryPriceWithSourceAndTheProfile()
    {
        var decision = SampleDecisions.CustomerService(withEvidence: true);

        var html = ReportRenderer.RenderHtml(SampleDecisions.Context(decision));

        var provenance = Regex.Match(html, "<section id=\"provenance\".*?</section>", RegexOptions.Singleline).Value;
        foreach (var price in decision.Economics.Prices)
        {
            Assert.Contains($"<td data-label=\"Item\">{System.Net.WebUtility.HtmlEncode(price.Item)}</td>", provenance);
            Assert.Contains(System.Net.WebUtility.HtmlEncode(price.Source), provenance);
        }

        Assert.Contains("2026-11-23", provenance);
        Assert.Contains("run-2026-11-20-support", provenance);
        Assert.Contains("0.1.0", provenance);
        Assert.Contains("requestsPerMonth: 5,000,000 (2,000,000–8,000,000)", provenance);
        Assert.Contains("strictness: strict", provenance);
    }

    [Fact]
    public void RenderHtml_Options_ShowsEachOptionsCostFeasibilityAndWhyTheOthersLost()
    {
        var decision = SampleDecisions.CustomerService();
        var html = ReportRenderer.RenderHtml(SampleDecisions.Context(decision));

        var section = Regex.Match(html, "<section[^>]*id=\"options\".*?</section>", RegexOptions.Singleline).Value;
        Assert.Contains("Fine-tune + prompt (recommended)", section, StringComparison.Ordinal);
        Assert.Contains(Format.Usd(decision.Options[2].Cost!.TotalUsd), section, StringComparison.Ordinal);
        Assert.Contains("72 %", section, StringComparison.Ordinal);
        Assert.Contains("the facts change monthly", section, StringComparison.Ordinal);
        Assert.Contains("ruled out", section, StringComparison.Ordinal);
        Assert.Contains("Assumed: format.prompting", section, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderMarkdown_ValueOfInformation_ListsEachInputWithItsWorthAndMeasurement()
    {
        var markdown = ReportRenderer.RenderMarkdown(SampleDecisions.Context(SampleDecisions.CustomerService()), "r-").Text;

        Assert.Contains("## What to measure next", markdown, StringComparison.Ordinal);
        var row = markdown.Split('\n').Single(l => l.Contains("quality.prompting", StringComparison.Ordinal) && l.StartsWith('|'));
        Assert.Contains(Format.Usd(38_500), row, StringComparison.Ordinal);
        Assert.Contains("measure prompting on 200 labeled items", row, StringComparison.Ordinal);
        Assert.Contains("## Options and feasibility", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderHtml_NoRangesNoEvidence_LeavesThoseSectionsOut()
    {
        var html = ReportRenderer.RenderHtml(SampleDecisions.Context(SampleDecisions.CustomerService(withUncertainty: false)));

        Assert.DoesNotContain("id=\"uncertainty\"", html);
        Assert.DoesNotContain("id=\"measurements\"", html);
        Assert.DoesNotContain("chart-tornado", html);
        Assert.Contains("id=\"economics\"", html);
    }

    [Fact]
    public void RenderHtml_WithEvidence_ShowsMeasuredQualityWithIntervalAndReplacements()
    {
        var html = ReportRenderer.RenderHtml(SampleDecisions.Context(SampleDecisions.CustomerService(withEvidence: true)));

        var section = Regex.Match(html, "<section id=\"measurements\".*?</section>", RegexOptions.Singleline).Value;
        Assert.Contains("From evaluation run run-2026-11-20-support.", section);
        Assert.Contains("92 % (89–94 %)", section);
        Assert.Contains("quality.fineTuned", section);
    }

    [Fact]
    public void RenderHtml_WithRun_ShowsQualityIntervalsParetoSignificanceAndTokens()
    {
        var html = ReportRenderer.RenderHtml(SampleDecisions.Context(SampleDecisions.CustomerService(withEvidence: true), SampleDecisions.Run()));

        var section = Regex.Match(html, "<section id=\"evaluation\".*?</section>", RegexOptions.Singleline).Value;
        foreach (var chart in new[] { "eval-quality", "eval-pareto", "eval-tokens" })
        {
            Assert.Contains($"id=\"chart-{chart}\"", section);
        }

        Assert.Contains("91 % (88–93 %)", section);
        Assert.Contains("1,100 / 2,400 ms", section);
        Assert.Contains("no price", section);
        Assert.Contains("−1.0 pts (−3.5 to +1.5)", section);
        Assert.Contains("not separable", section);
        Assert.Contains("Pareto frontier: mini-zeroshot, ft-mini.", section);
    }

    [Fact]
    public void RenderHtml_RunWithJudge_ShowsJudgeErrorsColumnAndTheJudgeCost()
    {
        var run = SampleDecisions.Run();
        var judged = run with
        {
            Candidates = [.. run.Candidates.Select((c, i) => c with
            {
                Metrics = new Dictionary<string, MetricResult>(c.Metrics) { ["judge"] = new(0.8, 0.7, 0.9, "bootstrap") },
                JudgeErrors = i == 1 ? 37 : 0,
            })],
            Judge = new JudgeSummary("openai", "judge-4o", 1_590, 795_000, 1_590, 0.33, "https://openai.com/api/pricing"),
        };

        var plain = Regex.Match(ReportRenderer.RenderHtml(SampleDecisions.Context(SampleDecisions.CustomerService(), run)), "<section id=\"evaluation\".*?</section>", RegexOptions.Singleline).Value;
        var section = Regex.Match(ReportRenderer.RenderHtml(SampleDecisions.Context(SampleDecisions.CustomerService(), judged)), "<section id=\"evaluation\".*?</section>", RegexOptions.Singleline).Value;

        Assert.DoesNotContain("Judge errors", plain, StringComparison.Ordinal);
        Assert.Contains("Judge errors", section, StringComparison.Ordinal);
        Assert.Contains("data-label=\"Judge errors\"><span class=\"pill tone-warning\">37</span>", section, StringComparison.Ordinal);
        Assert.Contains("data-label=\"Judge errors\">0</td>", section, StringComparison.Ordinal);
        Assert.Contains("Judge judge-4o: 1,590 calls", section, StringComparison.Ordinal);
        Assert.Contains("$0.33", section, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderHtml_QualityAgainstCost_NamesTheFrontierWithoutDominatedOrUnpricedCandidates()
    {
        var html = ReportRenderer.RenderHtml(SampleDecisions.Context(SampleDecisions.CustomerService(), SampleDecisions.Run()));

        Assert.Contains("The dashed line is the Pareto frontier: mini-zeroshot, ft-mini.", html, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderHtml_MaliciousCandidateName_IsEscapedInTablesAndCharts()
    {
        var html = ReportRenderer.RenderHtml(SampleDecisions.Context(SampleDecisions.CustomerService(), SampleDecisions.Run(SampleDecisions.Malicious)));

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;window.__pwned = 1&lt;/script&gt;", html);
    }

    [Fact]
    public void Write_Markdown_WritesEveryLinkedChartAsSvgNextToIt()
    {
        var folder = Directory.CreateTempSubdirectory("crossover-report-");
        try
        {
            var path = Path.Combine(folder.FullName, "decision.md");

            var written = ReportRenderer.Write(SampleDecisions.Context(SampleDecisions.CustomerService()), ReportFormat.Markdown, path);

            var markdown = File.ReadAllText(path);
            Assert.StartsWith("# Customer service: 5M tickets a month — Crossover decision report", markdown);
            Assert.Contains("**Recommendation: Hybrid: fine-tuning and prompting**", markdown);
            foreach (var chart in EveryChart)
            {
                var file = $"decision-{chart}.svg";
                Assert.Contains($"]({file})", markdown);
                Assert.Contains(Path.Combine(folder.FullName, file), written);
                Assert.Equal("svg", XDocument.Load(Path.Combine(folder.FullName, file)).Root!.Name.LocalName);
            }

            // Every chart is followed by the table of the numbers it plots, folded.
            Assert.Equal(EveryChart.Length, Regex.Count(markdown, @"\]\(decision-[a-z-]+\.svg\)\n\n\*[^\n]+\n\n<details><summary>The numbers behind “[^”]+”</summary>\n\n\| [^\n]+\|\n\|( ---:? \|)+\n(\| [^\n]+\|\n)+\n</details>"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void RenderMarkdown_MaliciousName_IsEscaped()
    {
        var decision = SampleDecisions.CustomerService(name: SampleDecisions.Malicious + "| pipe");

        var markdown = ReportRenderer.RenderMarkdown(SampleDecisions.Context(decision), "r-");

        // Inside a code fence Markdown shows text verbatim and never as HTML, so only the prose outside fences is checked.
        var prose = Regex.Replace(markdown.Text, "^```.*?^```", "", RegexOptions.Singleline | RegexOptions.Multiline);
        Assert.DoesNotContain("<script", prose, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("name: " + SampleDecisions.Malicious + "| pipe", markdown.Text);
        Assert.Contains("# &lt;script&gt;window.\\_\\_pwned = 1&lt;/script&gt;\\| pipe", markdown.Text);
    }

    [GeneratedRegex("\\sid=\"([^\"]+)\"")]
    private static partial Regex IdAttribute();

    [GeneratedRegex(@"url\(#([^)]+)\)")]
    private static partial Regex UrlReference();

    [GeneratedRegex("(src|href)=\"(?!#)[^\"]*\"", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();
}
