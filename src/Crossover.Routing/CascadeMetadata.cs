namespace Crossover.Routing;

/// <summary>Keys <see cref="CascadeChatClient"/> puts in <c>ChatResponse.AdditionalProperties</c>.</summary>
public static class CascadeMetadata
{
    /// <summary>The name of the stage whose answer the response is (string).</summary>
    public const string Stage = "crossover.cascade.stage";

    /// <summary>The 0-based index of that stage (int); 0 is the cheapest.</summary>
    public const string StageIndex = "crossover.cascade.stageIndex";

    /// <summary>How many model calls the cascade made for this response (int), samples and judge calls included.</summary>
    public const string Calls = "crossover.cascade.calls";
}
