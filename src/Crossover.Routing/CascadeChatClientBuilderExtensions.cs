using Microsoft.Extensions.AI;

namespace Crossover.Routing;

/// <summary><c>UseCascade</c>: puts cheaper stages in front of the pipeline's client, which becomes the cascade's last stage.</summary>
public static class CascadeChatClientBuilderExtensions
{
    /// <summary>
    /// Sends each request to <paramref name="earlierStages"/> first (cheapest first) and escalates answers that fail the
    /// gate; the client built so far answers what every earlier stage escalated.
    /// </summary>
    /// <param name="builder">The builder; its inner client is the last stage.</param>
    /// <param name="options">The gate, e.g. <see cref="CascadeChatClientOptions.From(CascadePlan)"/>.</param>
    /// <param name="lastStageName">The last stage's name in responses.</param>
    /// <param name="earlierStages">The earlier stages, cheapest first.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">No earlier stage, or options that do not fit together (checked when the pipeline is built).</exception>
    public static ChatClientBuilder UseCascade(this ChatClientBuilder builder, CascadeChatClientOptions options, string lastStageName, params IReadOnlyList<CascadeStage> earlierStages)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(earlierStages);
        return builder.Use(inner => new CascadeChatClient([.. earlierStages, new CascadeStage(lastStageName, inner)], options));
    }

    /// <summary>
    /// The cascade <c>crossover cascade RUN --export</c> wrote: its gate, threshold and samples, with one client per
    /// earlier stage of the plan (cheapest first); the client built so far is the plan's last stage.
    /// </summary>
    /// <param name="builder">The builder; its inner client is the plan's last stage.</param>
    /// <param name="plan">The exported plan.</param>
    /// <param name="earlierStages">One client per stage of the plan but the last, in the plan's order.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The number of clients does not match the plan's stages.</exception>
    public static ChatClientBuilder UseCascade(this ChatClientBuilder builder, CascadePlan plan, params IReadOnlyList<IChatClient> earlierStages)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(earlierStages);
        if (earlierStages.Count != plan.Stages.Count - 1)
        {
            throw new ArgumentException($"plan '{plan.Name}' has {plan.Stages.Count} stages: pass one client for each of the first {plan.Stages.Count - 1} ({string.Join(", ", plan.Stages.SkipLast(1).Select(s => s.Candidate))})", nameof(earlierStages));
        }

        var stages = earlierStages.Select((client, i) => new CascadeStage(plan.Stages[i].Candidate, client)).ToList();
        return builder.UseCascade(CascadeChatClientOptions.From(plan), plan.Stages[^1].Candidate, stages);
    }
}
