using Microsoft.Playwright;

namespace Crossover.Reports.Tests;

/// <summary>One headless Debian Chromium shared by every browser test (launching it is the slow part).</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The Chromium the tests drive: $CROSSOVER_CHROMIUM, or Debian's /usr/bin/chromium that eng/prerequisites.sh installs.</summary>
    public static string ChromiumPath { get; } = Environment.GetEnvironmentVariable("CROSSOVER_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>The browser; only <see cref="BrowserFactAttribute"/> tests use it, and those are skipped when Chromium is missing.</summary>
    public IBrowser Browser => _browser ?? throw new InvalidOperationException(BrowserFactAttribute.SkipReason(ChromiumPath) ?? "the browser did not start");

    /// <summary>Where screenshots and pages are kept for people to look at: artifacts/report/ at the repository root.</summary>
    public static string ArtifactsFolder { get; } = Directory.CreateDirectory(Path.Combine(RepoRoot(), "artifacts", "report")).FullName;

    public async Task InitializeAsync()
    {
        // Without Chromium the browser tests are skipped (see BrowserFactAttribute); the collection's other tests still run.
        if (BrowserFactAttribute.SkipReason(ChromiumPath) is not null)
        {
            return;
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Crossover.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Crossover.slnx not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>
/// A test that drives Chromium: reported as skipped, with the reason, where no Chromium is installed (eng/prerequisites.sh
/// could not install it, e.g. no apt), instead of failing the suite or passing without looking.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        Skip = SkipReason(BrowserFixture.ChromiumPath);
    }

    /// <summary>Why browser tests cannot run with the Chromium at <paramref name="chromiumPath"/>, or null when they can.</summary>
    public static string? SkipReason(string chromiumPath) => File.Exists(chromiumPath)
        ? null
        : $"no Chromium at {chromiumPath}: install Debian's chromium (eng/prerequisites.sh does it with apt) or set CROSSOVER_CHROMIUM to a Chromium binary";
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
