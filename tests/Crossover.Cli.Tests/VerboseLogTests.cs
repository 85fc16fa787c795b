
namespace Crossover.Cli.Tests;

public sealed class VerboseLogTests
{
    [Fact]
    public async Task Verbose_LogsOneLinePerProviderCallOnStderr_AndNothingWithoutIt()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(3);
        using var server = new ScriptedServer(request => Reply.Text(Workspace.LabelOf(Workspace.IndexOf(request.UserMessage)), 40, 2));
        var experiment = workspace.WriteExperiment(server.BaseUrl, split: "{ train: 0, dev: 0, test: 1, seed: 3 }");

        var quiet = await CliRunner.RunAsync("eval", experiment, "--db", workspace.Db, "--no-cache");
        var verbose = await CliRunner.RunAsync("eval", experiment, "--db", workspace.Db, "--no-cache", "--verbose");

        Assert.Equal(0, quiet.ExitCode);
        Assert.DoesNotContain("verbose:", quiet.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, verbose.ExitCode);
        var lines = verbose.Stderr.Split('\n').Where(l => l.StartsWith("verbose: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, lines.Count);
        Assert.Equal(3, lines.Count(l => l.StartsWith("verbose: openai/weak-model: answered in ", StringComparison.Ordinal)));
        Assert.All(lines, l => Assert.Contains("tokens in 40 (cached 0) out 2", l, StringComparison.Ordinal));
        Assert.All(lines, l => Assert.DoesNotContain("ticket", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task KeyWithALineBreak_IsOneLineExitTwoAndNothingIsSent()
    {
        using var workspace = new Workspace();
        workspace.WriteTickets(3);
        using var server = new ScriptedServer(request => Reply.Text("billing"));
        Environment.SetEnvironmentVariable("CROSSOVER_CLI_CRLF_KEY", "sk-abc\r\nX-Injected: 1");
        var experiment = workspace.WriteExperiment(server.BaseUrl, candidates: $$"""
              - name: one
                model: { provider: openai, id: gpt-4.1-mini, baseUrl: "{{server.BaseUrl}}/v1", apiKeyEnv: CROSSOVER_CLI_CRLF_KEY }
            """);

        var result = await CliRunner.RunAsync("eval", experiment, "--db", workspace.Db);

        Assert.Equal(2, result.ExitCode);
        // The only other line is the warning that this key variable goes to an endpoint that is not its provider's.
        var error = Assert.Single(result.Stderr.Trim().Split('\n'), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Equal("error: model.apiKeyEnv: the environment variable CROSSOVER_CLI_CRLF_KEY holds a control character (a line break or tab)", error.Split(" (export")[0]);
        Assert.All(result.Stderr.Trim().Split('\n'), l => Assert.True(l.StartsWith("error:", StringComparison.Ordinal) || l.StartsWith("warning:", StringComparison.Ordinal), l));
        Assert.Empty(server.Requests);
    }
}
