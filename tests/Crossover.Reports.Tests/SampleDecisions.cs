using Crossover.Core;
using Crossover.Core.Decisions;
using Crossover.Core.Economics;
using Crossover.Core.Evidence;
using Crossover.Core.Profiles;
using Crossover.Core.Statistics;
using Crossover.Evaluation.Results;

namespace Crossover.Reports.Tests;

/// <summary>
/// Decisions with realistic figures for a customer-service assistant at 5M tickets a month: gpt-4.1 with a long cached
/// prompt against a fine-tuned gpt-4.1-mini, list prices of November 2026. Costs are derived from the per-request
/// figures the same way the economics engine totals them, so the charts see consistent data.
/// </summary>
internal static class SampleDecisions
{
    public const string Malicious = "<script>window.__pwned = 1</script>";

    public static DecisionReport CustomerService(
        string name = "Customer service: 5M tickets a month",
        string? description = "Drafts first replies to support tickets in the brand voice; agents review before sending.",
        string fineTunedModel = "ft:gpt-4.1-mini:acme:support",
        bool withUncertainty = true,
        bool withEvidence = false)
    {
        const int horizon = 12;
        var requests = Enumerable.Range(0, horizon).Select(m => 5_000_000 * Math.Pow(1.02, m)).ToList();
        var prompt = Option(Approach.PromptEngineering, "gpt-4.1", requests,
            new RequestCost(1_800, 900, 350, 180, 2_700, 0.0007, 0.00216, 0.00144, 0),
            costWithoutCaching: 0.00754, upfront: 8_000, fixedMonthly: 1_200);
        var tuned = Option(Approach.FineTuning, fineTunedModel, requests,
            new RequestCost(60, 0, 350, 180, 0, 0.000328, 0, 0.000576, 0),
            costWithoutCaching: 0.000904, upfront: 24_000, fixedMonthly: 1_910);
        var breakEvenVolume = ((tuned.UpfrontUsd - prompt.UpfrontUsd) / horizon + tuned.FixedMonthlyUsd - prompt.FixedMonthlyUsd)
            / (prompt.CostPerRequestUsd - tuned.CostPerRequestUsd);
        var breakEvenMonth = Enumerable.Range(0, horizon).First(m => tuned.CumulativeUsd[m] < prompt.CumulativeUsd[m]) + 1;
        var economics = new EconomicsResult(
            horizon, requests, [prompt, tuned], breakEvenVolume, breakEvenMonth,
            "Fine-tuning's lower per-request cost repays its one-off cost above this volume.",
            new ComputeView(8, 16e9, 48e9, 4.5e6, 2.16e17, 1.6e20, null, 0.35, null, null),
            [
                new PriceUsed("gpt-4.1 input", 2.00, "USD / 1M tokens", "https://openai.com/api/pricing (2026-11-23)"),
                new PriceUsed("gpt-4.1 cached input", 0.50, "USD / 1M tokens", "https://openai.com/api/pricing (2026-11-23)"),
                new PriceUsed("gpt-4.1 output", 8.00, "USD / 1M tokens", "https://openai.com/api/pricing (2026-11-23)"),
                new PriceUsed("gpt-4.1-mini fine-tuning training", 5.00, "USD / 1M tokens", "https://openai.com/api/pricing (2026-11-23)"),
                new PriceUsed("ft:gpt-4.1-mini input", 0.80, "USD / 1M tokens", "https://openai.com/api/pricing (2026-11-23)"),
                new PriceUsed("ft:gpt-4.1-mini output", 3.20, "USD / 1M tokens", "https://openai.com/api/pricing (2026-11-23)"),
                new PriceUsed("labeling", 1.50, "USD / example", "profile"),
            ],
            [OptionCostOf(OptionKind.Prompt, prompt, 0.1), OptionCostOf(OptionKind.FineTune, tuned, 1.5), OptionCostOf(OptionKind.FineTunePlusPrompt, tuned with { TotalUsd = tuned.TotalUsd * 1.2 }, 1.5)]);

        var baseline = prompt.TotalUsd - tuned.TotalUsd;
        UncertaintyResult? uncertainty = withUncertainty
            ? new UncertaintyResult(
                [
                    new SensitivityRow("traffic.requestsPerMonth", 2_000_000, 5_000_000, 8_000_000, baseline * 0.38, baseline * 1.62, null, null, null),
                    new SensitivityRow("prompted.cacheHitRate", 0.5, 0.8, 0.95, baseline * 1.18, baseline * 0.91, null, null, null),
                    new SensitivityRow("prompted.outputTokens", 120, 180, 260, baseline * 0.9, baseline * 1.13, null, null, null),
                    new SensitivityRow("fineTuned.engineeringUsd", 10_000, 15_000, 30_000, baseline * 1.02, baseline * 0.95, null, null, null),
                ],
                MonteCarlo(baseline))
            : null;

        var evidence = withEvidence
            ? new RunEvidence(
                "run-2026-11-20-support",
                new MeasuredCandidate("gpt41-fewshot", "gpt-4.1", 0.91, 0.88, 0.93, 0.97, 3_080, 2_700, 176, 2_400, 400),
                new MeasuredCandidate("ft-mini", fineTunedModel, 0.92, 0.89, 0.94, 0.995, 412, 0, 171, 900, 400))
            : null;
        IReadOnlyList<Replacement> replacements = withEvidence
            ? [new Replacement("quality.fineTuned", 0.9, 0.92, "ft-mini"), new Replacement("prompted.outputTokens", 180, 176, "gpt41-fewshot")]
            : [];

        Criterion[] criteria =
        [
            new("volume-vs-break-even", "Volume is past break-even", Direction.FineTuning, 0.9,
                $"5M requests a month is {5_000_000 / breakEvenVolume:0.0}× the break-even volume of {breakEvenVolume / 1e6:0.00}M.", "seeds/001-prompt-or-finetune.md"),
            new("format-strictness", "Strict output format", Direction.FineTuning, 0.6,
                "Replies must follow the ticket template in 99 % of cases; prompting reaches 97 % in the profile's estimate.", "seeds/001-prompt-or-finetune.md"),
            new("brand-voice", "Consistent brand voice", Direction.FineTuning, 0.5,
                "A strong style need is learned more reliably from examples than from instructions.", "seeds/002-hybrid-patterns.md"),
            new("knowledge-churn", "Product facts change monthly", Direction.Retrieval, 0.5,
                "Facts that change monthly belong in retrieval, not in weights.", "seeds/001-prompt-or-finetune.md"),
            new("behaviour-churn", "Instructions change quarterly", Direction.PromptEngineering, 0.3,
                "Quarterly changes mean a retrain each quarter, which the horizon cost includes.", "seeds/003-maintenance.md"),
            new("data-on-hand", "Enough labeled data", Direction.Neutral, 0.2,
                "2,000 labeled tickets on hand against 3,000 needed; labeling the rest costs $1,500.", "seeds/004-data-requirements.md"),
        ];

        return new DecisionReport(
            Profile: Profile(name, description, fineTunedModel),
            Recommendation: Approach.Hybrid,
            HybridPattern: Core.Decisions.HybridPattern.FineTunePlusPrompt,
            Retrieval: true,
            TuningMethod: Core.Decisions.TuningMethod.Sft,
            Confidence: 0.78,
            Gate: null,
            Summary: "Fine-tune gpt-4.1-mini for the reply format and brand voice, and retrieve product facts per request: at 5M tickets a month it costs a fifth of prompting gpt-4.1.",
            Criteria: criteria,
            DecidingCriteria: ["volume-vs-break-even", "format-strictness", "knowledge-churn"],
            NextSteps:
            [
                "Label 1,000 more tickets to reach 3,000 training examples.",
                "Run 'crossover eval' on 400 held-out tickets: gpt-4.1 with few-shot prompts against the fine-tuned gpt-4.1-mini.",
                "Put product facts behind retrieval so a price change needs no retraining.",
            ],
            Economics: economics,
            Uncertainty: uncertainty,
            Evidence: evidence,
            Replacements: replacements,
            CatalogDate: new DateOnly(2026, 11, 23),
            RecommendedOption: OptionKind.FineTunePlusPrompt,
            FeasibilityThreshold: 0.6,
            Options:
            [
                new(OptionKind.Prompt, Approach.PromptEngineering, null, "Prompt", null, economics.OptionCosts[0], 0.36, false,
                    "P(meets every bar) 36% is under the 60% threshold; weakest: format: format.prompting 97% vs 99% needed (stated), P 40%",
                    [new("format", "format.prompting", BeliefBasis.Assumed, 0.97, 0.99, 0.4, "format: format.prompting 97% vs 99% needed (assumed), P 40%", "000: strict formats are best-effort with prompting")], 0.08),
                new(OptionKind.FineTune, Approach.FineTuning, null, "Fine-tune", "the facts change monthly: a tuned model alone goes stale", economics.OptionCosts[1], 0, false, null, [], 0),
                new(OptionKind.FineTunePlusPrompt, Approach.Hybrid, Core.Decisions.HybridPattern.FineTunePlusPrompt, "Fine-tune + prompt", null, economics.OptionCosts[2], 0.72, true, null,
                    [new("quality", "quality.fineTuned", BeliefBasis.Measured, 0.92, 0.85, 0.99, "quality: quality.fineTuned 92% vs 85% needed (measured on 400 items), P 99%", "measured on 400 items")], 0.78),
                new(OptionKind.Cascade, Approach.Hybrid, Core.Decisions.HybridPattern.Cascade, "Cascade", "no share of requests needing the strong model is known", null, 0, false, null, [], 0),
            ],
            ValueOfInformation:
            [
                new("everything", 41_000, true, "perfect knowledge of every input (the ceiling on any measurement)", null),
                new("quality.prompting", 38_500, true, "measure prompting on 200 labeled items (crossover eval)", 1.51),
                new("traffic.requestsPerMonth", 2_100, false, "read a month of traffic from the product's analytics", 0),
            ]);
    }

    private static OptionCost OptionCostOf(OptionKind kind, CostOption option, double lead) =>
        new(kind, option.Model, option.CostPerRequestUsd, option.UpfrontUsd, option.FixedMonthlyUsd, kind == OptionKind.Prompt ? 0 : 4, lead, 0, 0, option.MonthlyUsd, option.CumulativeUsd, option.TotalUsd);

    public static ReportContext Context(DecisionReport decision, RunReport? run = null, IReadOnlyList<JobSummary>? jobs = null) =>
        new(decision, "0.1.0", new DateTimeOffset(2026, 11, 23, 9, 30, 0, TimeSpan.Zero), "examples/scenarios/customer-service-5m-tickets.yaml", run, Jobs: jobs);

    /// <summary>Two fine-tuning jobs: a finished managed one and a failed local one.</summary>
    public static IReadOnlyList<JobSummary> Jobs(string localError = "out of memory") =>
    [
        new("tj-2b7f", "openai-compatible", "openai", "gpt-4.1-mini", "succeeded", "ft:gpt-4.1-mini:acme:routing:9x", "tuned-routing", 1_240_000, 6.2, null,
            new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 22, 9, 12, 0, TimeSpan.Zero)),
        new("tj-91c0", "local", "local", "/models/qwen2.5-0.5b", "failed", null, "tuned-local", null, null, localError,
            new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 22, 10, 4, 0, TimeSpan.Zero)),
    ];

    /// <summary>An evaluation run of four candidates on 400 tickets: the few-shot gpt-4.1 prompt, a cheap zero-shot prompt,
    /// the fine-tuned gpt-4.1-mini and a local model without a price.</summary>
    public static RunReport Run(string firstCandidate = "gpt41-fewshot") =>
        new(
            "run-2026-11-20-support",
            "support replies",
            new DateTimeOffset(2026, 11, 20, 14, 5, 0, TimeSpan.Zero),
            "rubric",
            ["rubric", "consistency"],
            [
                Candidate(firstCandidate, "gpt-4.1", 0.91, 0.88, 0.93, 0.97, 0.95, 1_100, 2_400, 4.30, new TokenSummary(3_080, 2_700, 176, 1_800, 900, 350), errors: 0),
                Candidate("mini-zeroshot", "gpt-4.1-mini", 0.84, 0.80, 0.87, 0.93, 0.90, 600, 1_300, 0.62, new TokenSummary(1_850, 1_024, 181, 1_500, 0, 350), errors: 2),
                Candidate("ft-mini", "ft:gpt-4.1-mini:acme:support", 0.92, 0.89, 0.94, 0.995, 0.97, 420, 900, 0.90, new TokenSummary(412, 0, 171, 60, 0, 350), errors: 0),
                Candidate("llama-local", "llama-3.1-8b-instruct", 0.79, 0.75, 0.83, 0.91, 0.88, 1_900, 3_600, null, new TokenSummary(2_900, 0, 190, 1_800, 900, 350), errors: 5),
            ],
            [
                new CandidateComparison(firstCandidate, "mini-zeroshot", "rubric", new PairedComparison(0.07, 0.04, 0.10, 0.0002, "paired-bootstrap", 400, 180), $"{firstCandidate} is better"),
                new CandidateComparison(firstCandidate, "ft-mini", "rubric", new PairedComparison(-0.01, -0.035, 0.015, 0.41, "paired-bootstrap", 400, 5_200), "not separable"),
                new CandidateComparison("ft-mini", "llama-local", "rubric", new PairedComparison(0.13, 0.09, 0.17, 0.0001, "paired-bootstrap", 396, 90), "ft-mini is better"),
            ]);

    /// <summary>A run of <paramref name="count"/> priced candidates crowded into a small corner of quality and cost, as a
    /// prompt search leaves them: names that would overlap if each were written at its point.</summary>
    public static RunReport CrowdedRun(int count) =>
        new(
            "run-2026-11-21-search",
            "prompt search",
            new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero),
            "rubric",
            ["rubric"],
            [.. Enumerable.Range(0, count).Select(i => Candidate(
                $"prompt-variant-{i + 1:00}", "gpt-4.1-mini", 0.84 + (0.004 * (i % 4)) + (0.002 * i), 0.80, 0.90, 0.97, 0.95, 600, 1_300,
                0.60 + (0.03 * (i % 3)) + (0.01 * i), new TokenSummary(1_850, 1_024, 181, 1_500, 0, 350), errors: 0))],
            []);

    private static CandidateResult Candidate(string name, string model, double quality, double low, double high, double compliance, double consistency, double p50, double p95, double? costPer1k, TokenSummary tokens, int errors) =>
        new(name, "openai", model, 400, 400, errors, 0,
            new Dictionary<string, MetricResult>
            {
                ["rubric"] = new(quality, low, high, "bootstrap"),
                ["consistency"] = new(consistency, consistency - 0.03, Math.Min(1, consistency + 0.02), "bootstrap"),
            },
            new MetricResult(compliance, compliance - 0.02, Math.Min(1, compliance + 0.01), "wilson"),
            new LatencySummary(p50, p95, p95 * 1.4), tokens, costPer1k, costPer1k is null ? null : "https://openai.com/api/pricing", []);

    private static CostOption Option(Approach approach, string model, IReadOnlyList<double> requests, RequestCost perRequest, double costWithoutCaching, double upfront, double fixedMonthly)
    {
        var monthly = requests.Select(r => fixedMonthly + r * perRequest.TotalUsd).ToList();
        var cumulative = new List<double>();
        var total = upfront;
        foreach (var month in monthly)
        {
            total += month;
            cumulative.Add(total);
        }

        return new CostOption(approach, model, perRequest.TotalUsd, costWithoutCaching, perRequest, upfront, fixedMonthly, monthly, cumulative, total);
    }

    private static MonteCarloResult MonteCarlo(double baseline)
    {
        // A bell of 10,000 draws around the baseline saving, a little of it below zero.
        var spread = baseline * 0.35;
        var bins = Enumerable.Range(0, 24).Select(i =>
        {
            var from = baseline - 3 * spread + i * spread / 4;
            var centre = from + spread / 8;
            var z = (centre - baseline) / spread;
            return new HistogramBin(from, from + spread / 4, (int)Math.Round(10_000 / 4.0 * Math.Exp(-z * z / 2) / Math.Sqrt(2 * Math.PI)));
        }).ToList();
        return new MonteCarloResult(10_000, 42, 0.004, 0.996,
            new Dictionary<string, double> { ["p5"] = baseline - 1.64 * spread, ["p25"] = baseline - 0.67 * spread, ["p50"] = baseline, ["p75"] = baseline + 0.67 * spread, ["p95"] = baseline + 1.64 * spread },
            bins);
    }

    private static UseCaseProfile Profile(string name, string? description, string fineTunedModel) => new()
    {
        Name = name,
        Description = description,
        Task = TaskKind.Generation,
        Domain = DomainSpecialization.Moderate,
        BehaviorChanges = ChangeFrequency.Quarterly,
        KnowledgeChanges = ChangeFrequency.Monthly,
        Format = new FormatRequirement { Strictness = FormatStrictness.Strict, RequiredCompliance = 0.99 },
        Style = StyleNeed.Strong,
        Traffic = new Traffic { RequestsPerMonth = new Estimate(2_000_000, 5_000_000, 8_000_000), MonthlyGrowth = 0.02, HorizonMonths = 12 },
        Data = new DataAssets { LabeledExamples = 2_000, CostPerLabelUsd = 1.5 },
        Prompted = new PromptedDeployment { Model = "gpt-4.1", SystemPromptTokens = 1_800, FewShotCount = 6, TokensPerExample = 150, InputTokens = 350, OutputTokens = new Estimate(120, 180, 260), CacheHitRate = new Estimate(0.5, 0.8, 0.95) },
        FineTuned = new FineTunedDeployment { BaseModel = fineTunedModel, SystemPromptTokens = 60, TrainingExamples = 3_000, EngineeringUsd = new Estimate(10_000, 15_000, 30_000) },
    };
}
