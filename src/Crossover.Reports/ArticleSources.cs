namespace Crossover.Reports;

/// <summary>
/// The framework's source articles (shared/seeds) by title: a criterion's source names the article's file, which means
/// nothing to a reader, so every place that prints a source shows the title with the file after it.
/// </summary>
public static class ArticleSources
{
    private static readonly (string File, string Title)[] Articles =
    [
        ("000_2ccf23cf7928e537.txt", "Fine-Tuning vs Prompt Engineering: Which to Choose in 2026"),
        ("001_10bb084145c873e4.txt", "Prompt Engineering vs Fine-Tuning: When to Use Each Approach"),
        ("002_ee388dc4959cc927.txt", "Fine-Tuning vs Prompt Engineering: When to Use Each"),
        ("003_ba01b290f4126119.txt", "When Fine-Tuning Beats Prompting: Concrete Decision Criteria"),
    ];

    /// <summary>The source with every article file in it shown as “Title” (file); other sources (price pages, docs) unchanged.</summary>
    /// <param name="source">A criterion's or figure's source.</param>
    /// <returns>The readable source.</returns>
    public static string Describe(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        foreach (var (file, title) in Articles)
        {
            source = source.Replace(file, $"“{title}” ({file})", StringComparison.Ordinal);
        }

        return source;
    }
}
