using Crossover.Core.Catalog;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Providers;
using Crossover.Evaluation.Running;
using Crossover.Evaluation.Store;

namespace Crossover.Testing;

/// <summary>
/// A real dev+test run against the scripted server, with answers fixed per label so every figure can be computed by
/// hand: 80 tickets, 20 per label, stratified into 40 dev and 40 test items (10 per label in each).
/// The cheap model (gpt-4.1-nano: 30 prompt + 2 output tokens) answers billing right at confidence 0.9, bug right at 0.6,
/// account wrong ("other") at 0.7, and "not sure" (not a label) at 0.95 on other; the strong one (gpt-4.1-mini: 40 + 2 tokens) is always right.
/// </summary>
public sealed class CascadeRun : IDisposable
{
    public const string Cheap = "nano";

    public const string Strong = "mini";

    // gpt-4.1-nano at USD 0.10 / 0.40 per 1M input / output tokens; gpt-4.1-mini at 0.40 / 1.60 (bundled catalog).
    public const double CheapCost = ((30 * 0.10) + (2 * 0.40)) / 1e6;

    public const double StrongCost = ((40 * 0.40) + (2 * 1.60)) / 1e6;

    private CascadeRun(Workspace workspace, ScriptedServer server, string experimentPath)
    {
        Workspace = workspace;
        Server = server;
        ExperimentPath = experimentPath;
    }

    public Workspace Workspace { get; }

    public ScriptedServer Server { get; }

    public string ExperimentPath { get; }

    public string RunId { get; private set; } = string.Empty;

    public RunStore Store => RunStore.Open(Workspace.Db);

    public static PriceCatalog Catalog { get; } = PriceCatalogReader.LoadBundled();

    public static Reply Answer(SeenRequest request)
    {
        var label = Workspace.LabelOf(Workspace.IndexOf(request.UserMessage));
        if (request.Model != "gpt-4.1-nano")
        {
            return Reply.Text(label, 40, 2);
        }

        return label switch
        {
            "billing" => Reply.Text("billing", 30, 2, logProbs: [Math.Log(0.9)]),
            "bug" => Reply.Text("bug", 30, 2, logProbs: [Math.Log(0.6)]),
            "account" => Reply.Text("other", 30, 2, logProbs: [Math.Log(0.7)]),
            _ => Reply.Text("not sure", 30, 2, logProbs: [Math.Log(0.95), Math.Log(0.95)]),
        };
    }

    /// <summary>Runs the experiment; <paramref name="evaluate"/> and <paramref name="logProbs"/> make the runs the bad-input cases need.</summary>
    public static async Task<CascadeRun> CreateAsync(string evaluate = "dev+test", bool logProbs = true, bool oneCandidate = false, int repeats = 1)
    {
        var workspace = new Workspace();
        workspace.WriteTickets(80);
        var server = new ScriptedServer(Answer);
        var candidates = $"""
              - name: {Strong}
                model: {"{"} provider: openai, id: gpt-4.1-mini, baseUrl: "{server.BaseUrl}/v1" {"}"}
            """;
        if (!oneCandidate)
        {
            candidates += $"""

                  - name: {Cheap}
                    model: {"{"} provider: openai, id: gpt-4.1-nano, baseUrl: "{server.BaseUrl}/v1" {"}"}
                """;
        }

        var path = workspace.WriteExperiment(
            server.BaseUrl, candidates, extra: $"logprobs: {(logProbs ? "true" : "false")}\nrepeats: {repeats}", split: $"{{ train: 0, dev: 0.5, test: 0.5, seed: 3 }}, evaluate: {evaluate}");
        var run = new CascadeRun(workspace, server, path);
        var outcome = await new EvalRunner(new ProviderRegistry(), Catalog).RunAsync(ExperimentReader.Load(path), run.Store);
        run.RunId = outcome.RunId;
        return run;
    }

    public void Dispose()
    {
        Server.Dispose();
        Workspace.Dispose();
    }
}
