using Microsoft.Extensions.AI;

namespace Crossover.Routing;

/// <summary>
/// A waterfall of chat clients: each request goes to the cheapest stage first; an answer that fails the gate is
/// escalated to the next stage, and the last stage always answers. The response is the accepting stage's answer,
/// with the usage of every call the cascade made summed (samples and judge calls included) and the accepting stage
/// named in <see cref="CascadeMetadata.Stage"/>. Gates and their meaning are those of <c>crossover cascade</c>
/// (docs/cascades.md), so the thresholds it calibrates on a run route live requests the same way.
/// </summary>
public sealed class CascadeChatClient : IChatClient
{
    private readonly IReadOnlyList<CascadeStage> _stages;
    private readonly CascadeChatClientOptions _options;
    private readonly Func<string, bool> _formatCheck;

    /// <summary>Creates a cascade.</summary>
    /// <param name="stages">The stages, cheapest first; at least two.</param>
    /// <param name="options">The gate.</param>
    /// <exception cref="ArgumentException">Fewer than two stages, or options that do not fit together.</exception>
    public CascadeChatClient(IReadOnlyList<CascadeStage> stages, CascadeChatClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(stages);
        ArgumentNullException.ThrowIfNull(options);
        if (stages.Count < 2)
        {
            throw new ArgumentException("a cascade needs at least two stages", nameof(stages));
        }

        options.Validate();
        _stages = stages;
        _options = options;
        _formatCheck = options.FormatCheck ?? DefaultFormatCheck(options.Labels);
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var usage = new UsageDetails();
        var calls = 0;
        for (var stage = 0; stage < _stages.Count - 1; stage++)
        {
            var (answer, accepted, made) = await TryStageAsync(_stages[stage].Client, list, options, usage, cancellationToken);
            calls += made;
            if (accepted)
            {
                return Finish(answer, stage, usage, calls);
            }
        }

        var last = _stages.Count - 1;
        var final = await _stages[last].Client.GetResponseAsync(list, options, cancellationToken);
        Add(usage, final.Usage);
        return Finish(final, last, usage, calls + 1);
    }

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">Always: a gate needs the whole answer before it can accept it.</exception>
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("A cascade decides on whole answers; call GetResponseAsync.");

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var stage in _stages)
        {
            stage.Client.Dispose();
        }
    }

    private static Func<string, bool> DefaultFormatCheck(IReadOnlyList<string> labels)
    {
        if (labels.Count == 0)
        {
            return text => !string.IsNullOrWhiteSpace(text);
        }

        var allowed = labels.Select(AnswerText.Normalize).ToHashSet(StringComparer.Ordinal);
        return text => allowed.Contains(AnswerText.Normalize(text));
    }

    private async Task<(ChatResponse Answer, bool Accepted, int Calls)> TryStageAsync(IChatClient client, IReadOnlyList<ChatMessage> messages, ChatOptions? options, UsageDetails usage, CancellationToken cancellationToken)
    {
        switch (_options.Gate)
        {
            case CascadeGate.Agreement:
            {
                var samples = await Task.WhenAll(Enumerable.Range(0, _options.Samples).Select(_ => client.GetResponseAsync(messages, options, cancellationToken)));
                foreach (var sample in samples)
                {
                    Add(usage, sample.Usage);
                }

                // The majority answer, ties to the earliest sample, exactly as the simulation reads the run's repeats.
                var majority = samples.Select((s, i) => (Key: AnswerText.Normalize(s.Text), Index: i)).GroupBy(s => s.Key, StringComparer.Ordinal)
                    .OrderByDescending(g => g.Count()).ThenBy(g => g.First().Index).First();
                var answer = samples[majority.First().Index];
                var share = majority.Count() / (double)samples.Length;
                return (answer, _formatCheck(answer.Text) && share >= _options.Threshold, samples.Length);
            }

            case CascadeGate.Confidence:
            {
                var answer = await client.GetResponseAsync(messages, LogProbabilities.Request(options), cancellationToken);
                Add(usage, answer.Usage);
                var confidence = LogProbabilities.Confidence(LogProbabilities.Of(answer));
                return (answer, _formatCheck(answer.Text) && confidence >= _options.Threshold, 1);
            }

            case CascadeGate.Judge:
            {
                var answer = await client.GetResponseAsync(messages, options, cancellationToken);
                Add(usage, answer.Usage);
                if (!_formatCheck(answer.Text))
                {
                    return (answer, false, 1);
                }

                var (score, judgeUsage) = await _options.Judge!(messages, answer, cancellationToken);
                Add(usage, judgeUsage);
                return (answer, score >= _options.Threshold, 2);
            }

            default:
            {
                var answer = await client.GetResponseAsync(messages, options, cancellationToken);
                Add(usage, answer.Usage);
                return (answer, _formatCheck(answer.Text), 1);
            }
        }
    }

    private ChatResponse Finish(ChatResponse answer, int stage, UsageDetails usage, int calls)
    {
        answer.Usage = usage;
        answer.AdditionalProperties ??= [];
        answer.AdditionalProperties[CascadeMetadata.Stage] = _stages[stage].Name;
        answer.AdditionalProperties[CascadeMetadata.StageIndex] = stage;
        answer.AdditionalProperties[CascadeMetadata.Calls] = calls;
        return answer;
    }

    private static void Add(UsageDetails total, UsageDetails? usage)
    {
        if (usage is not null)
        {
            total.Add(usage);
        }
    }
}
