using System.Text.Json;
using Microsoft.Playwright;

namespace Crossover.Reports.Tests;

/// <summary>
/// axe-core, the accessibility engine eng/prerequisites.sh installs from npm into artifacts/axe-core/, run inside a page
/// open in Chromium against the WCAG 2.1 A and AA rules.
/// </summary>
internal static class AxeCore
{
    /// <summary>The WCAG 2.0 and 2.1 rules at levels A and AA, as axe-core tags them.</summary>
    public static readonly string[] Wcag21AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    /// <summary>The script: $CROSSOVER_AXE_CORE, or the copy eng/prerequisites.sh installs.</summary>
    public static string ScriptPath { get; } = Environment.GetEnvironmentVariable("CROSSOVER_AXE_CORE") is { Length: > 0 } path
        ? path
        : Path.Combine(BrowserFixture.RepoRoot(), "artifacts", "axe-core", "node_modules", "axe-core", "axe.min.js");

    /// <summary>Why axe-core cannot run from <paramref name="scriptPath"/>, or null when it can.</summary>
    public static string? SkipReason(string scriptPath) => File.Exists(scriptPath)
        ? null
        : $"no axe-core at {scriptPath}: run eng/prerequisites.sh (it installs the npm package axe-core) or set CROSSOVER_AXE_CORE to axe.min.js";

    /// <summary>Every violation of <paramref name="tags"/>' rules on the page, one line each: rule, impact, help and the first elements.</summary>
    public static async Task<IReadOnlyList<string>> ViolationsAsync(IPage page, IReadOnlyList<string> tags)
    {
        // Evaluated through the DevTools protocol, which the page's Content-Security-Policy (no scripts) does not govern.
        await page.EvaluateAsync(await File.ReadAllTextAsync(ScriptPath));
        var json = await page.EvaluateAsync<string>(
            """
            async tags => {
              const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
              return JSON.stringify(result.violations.map(v =>
                `${v.id} (${v.impact}): ${v.help}; ${v.nodes.length} element(s): ` +
                v.nodes.slice(0, 4).map(n => `${n.target.join(' ')} [${(n.failureSummary || '').replace(/\s+/g, ' ')}]`).join(' | ')));
            }
            """,
            tags);
        return JsonSerializer.Deserialize<string[]>(json) ?? [];
    }
}

/// <summary>A browser test that also needs axe-core: skipped, with the reason, where Chromium or axe-core is missing.</summary>
public sealed class AxeFactAttribute : FactAttribute
{
    public AxeFactAttribute()
    {
        Skip = BrowserFactAttribute.SkipReason(BrowserFixture.ChromiumPath) ?? AxeCore.SkipReason(AxeCore.ScriptPath);
    }
}
