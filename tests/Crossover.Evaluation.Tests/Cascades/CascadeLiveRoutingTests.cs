using Crossover.Evaluation.Cascades;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Providers;
using Crossover.Routing;
using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Tests.Cascades;

public sealed class CascadeLiveRoutingTests
{
    [Theory]
    [InlineData("nano>mini@confidence", 0.9)]
    [InlineData("nano>mini@format", 0.75)]
    public async Task ExportedPlan_RunLiveThroughCascadeChatClient_RoutesEveryTestItemAsTheSimulationDid(string name, double targetQuality)
    {
        using var run = await CascadeRun.CreateAsync();
        var analysis = CascadeAnalyzer.Analyze(run.Store, run.RunId, CascadeRun.Catalog, new CascadeAnalysisOptions { Objective = new(targetQuality, null) });
        var plan = CascadePlan.Parse(analysis.ToPlan(name).ToJson(), "cascade.json");
        var inputs = CascadeInputs.Load(run.Store, run.RunId, CascadeRun.Catalog);
        var simulated = CascadeSimulator.Route(
            [GatedStage.Earlier(inputs.Test[1], plan.Gate)], GatedStage.Last(inputs.Test[0]), plan.Threshold ?? 0).Stage;
        Assert.Equal(["mini", "nano"], inputs.Candidates.Select(c => c.Candidate));

        var providers = new ProviderRegistry();
        IChatClient Client(CascadePlanStage stage) => providers.CreateClient(new ModelSpec(stage.Provider, stage.Model, $"{run.Server.BaseUrl}/v1", null, null, null, null, null));
        using var cascade = new ChatClientBuilder(Client(plan.Stages[1])).UseCascade(plan, Client(plan.Stages[0])).Build();

        var live = new List<int>();
        foreach (var item in inputs.TestItems)
        {
            var text = Workspace.TextOf(int.Parse(item[1..], System.Globalization.CultureInfo.InvariantCulture));
            var response = await cascade.GetResponseAsync([new(ChatRole.System, "Route the ticket to one queue."), new(ChatRole.User, text)]);
            live.Add((int)response.AdditionalProperties![CascadeMetadata.StageIndex]!);
        }

        Assert.Equal(simulated, live);
        Assert.Contains(0, live);
        Assert.Contains(1, live);
    }
}
