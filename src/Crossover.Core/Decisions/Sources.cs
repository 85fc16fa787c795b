namespace Crossover.Core.Decisions;

/// <summary>Where the framework's rules come from: the articles in shared/seeds (see docs/decision.md).</summary>
internal static class Sources
{
    /// <summary>Decision framework: comparison table, scenarios, FAQ (1M+ requests/month, 20+ few-shot examples).</summary>
    public const string Framework = "000_2ccf23cf7928e537.txt";

    /// <summary>Tutorial: cost-benefit, hidden costs, skills, latency, hybrid patterns, ROI.</summary>
    public const string Tutorial = "001_10bb084145c873e4.txt";

    /// <summary>Explainer: support-bot tone (500 examples), medical coding 67% → 94%, LoRA with 50–100 examples.</summary>
    public const string Explainer = "002_ee388dc4959cc927.txt";

    /// <summary>Criteria card: when fine-tuning wins, when prompting wins, thousands of clean examples, stable behaviour.</summary>
    public const string CriteriaCard = "003_ba01b290f4126119.txt";

    /// <summary>The team's own learning curve (<c>crossover tune curve</c>), fed in as evidence or typed into the profile.</summary>
    public const string LearningCurve = "measured learning curve (docs/learning-curve.md)";

    /// <summary>The price catalog, for provider availability.</summary>
    public const string Catalog = "price catalog (docs/catalog.md)";
}
