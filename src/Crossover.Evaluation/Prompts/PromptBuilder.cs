using System.Text;
using Crossover.Core.Input;
using Crossover.Evaluation.Data;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Strategies;
using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Prompts;

/// <summary>
/// Builds each item's prompt for one candidate: picks its demonstrations (<c>shots</c>, <c>select</c>) and renders the
/// input template; the candidate's <see cref="IPromptStrategy"/> words the system message and answers and shapes the messages.
/// </summary>
public sealed class PromptBuilder
{
    private readonly TaskSpec _task;
    private readonly StrategySpec _strategy;
    private readonly IReadOnlyList<DataItem> _train;
    private readonly Template _input;
    private readonly string _system;
    private readonly Lazy<Bm25>? _index;
    private readonly int _seed;
    private readonly Lazy<Dictionary<string, DataItem>> _fixed;

    /// <summary>Creates the builder for one candidate.</summary>
    /// <param name="task">The task: input template, instructions, labels or schema.</param>
    /// <param name="strategy">The candidate's strategy: kind, shots, selection, prompt-file wording.</param>
    /// <param name="train">The train split, where demonstrations come from.</param>
    /// <param name="seed">The seed that makes each item's random demonstrations reproducible.</param>
    public PromptBuilder(TaskSpec task, StrategySpec strategy, IReadOnlyList<DataItem> train, int seed)
    {
        _task = task;
        _strategy = strategy;
        _train = train;
        _seed = seed;
        _input = new Template(task.Input);
        _system = strategy.Kind.Instructions(task, strategy.Instructions ?? task.Instructions, strategy.Format);
        _fixed = new(() => train.ToDictionary(t => t.Id, StringComparer.Ordinal));
        if (strategy.Shots > 0 && strategy.Select == ShotSelection.Similar)
        {
            // Lazy: with embeddings similarity BM25 serves only dry-run estimates.
            _index = new(() => new Bm25(train.Select(i => _input.Render(i.Fields))));
        }
    }

    /// <summary>Checks the template's fields against the data and that there are enough demonstrations.</summary>
    /// <param name="first">A record of the data (its fields are checked against the template).</param>
    /// <param name="file">The experiment file, for messages.</param>
    /// <param name="candidate">The candidate's name, for messages.</param>
    /// <exception cref="InputException">A template field is missing from the data, or demonstrations are missing or too few.</exception>
    public void Validate(DataItem first, string file, string candidate)
    {
        foreach (var field in _input.Fields)
        {
            if (!first.Fields.ContainsKey(field))
            {
                throw new InputException($"the template uses {{{{{field}}}}} but the data has no such field", file, null, "task.input", "fields in the data: " + string.Join(", ", first.Fields.Keys));
            }
        }

        if (_strategy.Select == ShotSelection.Fixed)
        {
            var train = _train.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
            if (_strategy.Demonstrations.FirstOrDefault(id => !train.Contains(id)) is { } missing)
            {
                throw new InputException($"candidate '{candidate}' shows demonstration '{missing}', which is not in the train split", file, null, "candidates.strategy.prompt", "a prompt file's demonstrations must be train items; rerun crossover optimize after changing the data or split");
            }

            return;
        }

        if (_strategy.Shots > 0 && _train.Count < _strategy.Shots)
        {
            throw new InputException($"candidate '{candidate}' wants {_strategy.Shots} shots but the train split has {_train.Count} items", file, null, "candidates.strategy.shots", "lower shots or give split.train a larger share");
        }
    }

    /// <summary>The train examples' input messages, in train order (what similarity is measured on).</summary>
    /// <returns>The rendered inputs.</returns>
    public IReadOnlyList<string> TrainInputs() => [.. _train.Select(i => _input.Render(i.Fields))];

    /// <summary>The item's input message.</summary>
    /// <param name="item">The item.</param>
    /// <returns>The rendered input.</returns>
    public string RenderInput(DataItem item) => _input.Render(item.Fields);

    /// <summary>Renders the item's prompt.</summary>
    /// <param name="item">The item.</param>
    /// <param name="nearest">For similar selection by embeddings: train positions nearest first (at least shots + 1); BM25 ranks when null.</param>
    /// <returns>The messages and their parts.</returns>
    public RenderedPrompt Render(DataItem item, IReadOnlyList<int>? nearest = null)
    {
        var demonstrations = new List<Demonstration>();
        var examples = new StringBuilder();
        foreach (var demo in Demonstrations(item, nearest))
        {
            var user = _input.Render(demo.Fields);
            var answer = _strategy.Kind.DemonstrationAnswer(_task, demo.Expected);
            demonstrations.Add(new Demonstration(user, answer));
            examples.Append(user).Append('\n').Append(answer).Append('\n');
        }

        var input = _input.Render(item.Fields);
        return new RenderedPrompt(_strategy.Kind.Messages(_system, demonstrations, input), _system, examples.ToString(), input);
    }

    /// <summary>The response format the strategy requests (a JSON Schema for structured output), or null for text.</summary>
    /// <returns>The format, or null.</returns>
    public ChatResponseFormat? ResponseFormat() => _strategy.Kind.ResponseFormat(_task);

    private IEnumerable<DataItem> Demonstrations(DataItem item, IReadOnlyList<int>? nearest)
    {
        if (_strategy.Shots == 0)
        {
            return [];
        }

        if (_strategy.Select == ShotSelection.Fixed)
        {
            // The same demonstrations for every item, as the optimizer chose them; an item never sees itself.
            var byId = _fixed.Value;
            return _strategy.Demonstrations.Select(id => byId[id]).Where(t => t.Id != item.Id);
        }

        var candidates = _train.Where(t => t.Id != item.Id).ToList();
        var k = Math.Min(_strategy.Shots, candidates.Count);
        switch (_strategy.Select)
        {
            case ShotSelection.Similar:
                var ranked = nearest ?? _index!.Value.Top(_input.Render(item.Fields), k + 1);
                return ranked.Select(i => _train[i]).Where(t => t.Id != item.Id).Take(k);
            case ShotSelection.Stratified:
                var random = ItemRandom(item);
                var byLabel = candidates.GroupBy(c => c.Expected.Trim().ToLowerInvariant()).OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => g.OrderBy(_ => random.Next()).ToList()).ToList();
                var picked = new List<DataItem>(k);
                for (var round = 0; picked.Count < k; round++)
                {
                    foreach (var group in byLabel)
                    {
                        if (round < group.Count && picked.Count < k)
                        {
                            picked.Add(group[round]);
                        }
                    }
                }

                return picked.OrderBy(_ => random.Next());
            default:
                var shuffle = ItemRandom(item);
                return candidates.OrderBy(_ => shuffle.Next()).Take(k);
        }
    }

    /// <summary>Each item gets its own seeded random, so its demonstrations do not depend on run order or concurrency.</summary>
    private Random ItemRandom(DataItem item) => new(HashCode.Combine(_seed, StableHash(item.Id)));

    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }
}
