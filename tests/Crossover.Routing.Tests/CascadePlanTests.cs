using Microsoft.Extensions.AI;

namespace Crossover.Routing.Tests;

public sealed class CascadePlanTests
{
    private static CascadePlan Plan() => new(
        "nano>mini@confidence", "tickets-20260101-000000", CascadeGate.Confidence, 0.8, 1, ["billing", "bug"],
        [new("nano", "openai", "gpt-4.1-nano"), new("mini", "openai", "gpt-4.1-mini")])
    {
        Measured = new CascadePlanMeasurement("accuracy", 0.9, 0.85, 0.94, 0.12, 200),
    };

    [Fact]
    public void ToJson_ThenParse_GivesThePlanBack()
    {
        var plan = Plan();

        var read = CascadePlan.Parse(plan.ToJson(), "cascade.json");

        Assert.Equal(plan.ToJson(), read.ToJson());
        Assert.Equal(CascadeGate.Confidence, read.Gate);
        Assert.Contains("\"gate\": \"confidence\"", plan.ToJson(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"name\":\"x\",\"gate\":\"format\",\"samples\":1,\"stages\":[{\"candidate\":\"a\"}]}", "stages")]
    [InlineData("{\"name\":\"x\",\"gate\":\"confidence\",\"samples\":1,\"stages\":[{\"candidate\":\"a\"},{\"candidate\":\"b\"}]}", "threshold")]
    [InlineData("{\"name\":", "not a cascade plan")]
    public void Parse_BadPlan_NamesTheFileAndField(string json, string field)
    {
        var error = Assert.Throws<InvalidDataException>(() => CascadePlan.Parse(json, "cascade.json"));

        Assert.StartsWith("cascade.json: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UseCascade_FromPlan_NamesStagesAfterTheRunsCandidates()
    {
        var cheap = new ScriptedChatClient((_, _) => ("billing", [Math.Log(0.95)]));
        var client = new ChatClientBuilder(new ScriptedChatClient((_, _) => ("bug", null))).UseCascade(Plan(), cheap).Build();

        var response = await client.GetResponseAsync("x");

        Assert.Equal("nano", response.AdditionalProperties![CascadeMetadata.Stage]);
    }

    [Fact]
    public void UseCascade_WrongNumberOfClients_Throws()
    {
        var builder = new ChatClientBuilder(new ScriptedChatClient((_, _) => ("bug", null)));

        var error = Assert.Throws<ArgumentException>(() => builder.UseCascade(Plan(), []));

        Assert.Contains("nano", error.Message, StringComparison.Ordinal);
    }
}
