using Crossover.Core.Decisions;
using Crossover.Core.Economics;
using Crossover.Core.Input;
using Crossover.Reports.Writers;

namespace Crossover.Reports.Sections;

/// <summary>The answer first: recommendation, qualifiers, confidence, the deciding reasons and the next steps.</summary>
internal sealed class AnswerSection : IReportSection
{
    private const int ReasonsShown = 3;

    public string Id => "answer";

    public string Title => "The answer";

    public bool AppliesTo(ReportContext context) => true;

    public void Write(ReportContext context, IReportWriter writer)
    {
        var decision = context.Decision;
        var tags = new List<string>();
        if (decision.HybridPattern is { } pattern)
        {
            tags.Add(Format.Label(pattern));
        }

        if (decision.TuningMethod is { } method)
        {
            tags.Add(Format.Label(method));
        }

        tags.Add(decision.Retrieval ? "Add retrieval (RAG)" : "No retrieval needed");
        if (decision.Gate is { } gate)
        {
            tags.Add($"Decided by the hard gate '{gate}'");
        }

        writer.Verdict(new Verdict(Format.Label(decision.Recommendation), Names.Kebab(decision.Recommendation), decision.Summary, tags, ToneOf(decision.Recommendation)));
        writer.Figures(KeyFigures(decision));

        var reasons = Reasons(decision).Select(c => new ListItem(c.Title + ".", c.Explanation)).ToList();
        if (reasons.Count > 0)
        {
            writer.Subheading("Why");
            writer.List(reasons, ordered: true);
        }

        if (decision.NextSteps.Count > 0)
        {
            writer.Subheading("Next steps");
            writer.List(decision.NextSteps.Select(s => new ListItem(null, s)).ToList(), ordered: true);
        }
    }

    public static Tone ToneOf(Approach approach) => approach switch
    {
        Approach.PromptEngineering => Tone.Prompt,
        Approach.FineTuning => Tone.FineTune,
        _ => Tone.Hybrid,
    };

    /// <summary>
    /// The deciding criteria, strongest first; when fewer than three carried the answer, the strongest others that point the
    /// same way fill in, so the reader still sees three reasons.
    /// </summary>
    private static IEnumerable<Criterion> Reasons(DecisionReport decision)
    {
        var deciding = decision.DecidingCriteria
            .Select(id => decision.Criteria.FirstOrDefault(c => c.Id == id))
            .OfType<Criterion>()
            .ToList();
        var supporting = decision.Criteria
            .Where(c => !deciding.Contains(c) && c.Weight > 0 && Supports(c.Favors, decision.Recommendation))
            .OrderByDescending(c => c.Weight);
        return deciding.Concat(supporting).Take(ReasonsShown);
    }

    private static bool Supports(Direction direction, Approach recommendation) => recommendation switch
    {
        Approach.PromptEngineering => direction == Direction.PromptEngineering,
        Approach.FineTuning => direction == Direction.FineTuning,
        _ => direction != Direction.Neutral,
    };

    private static List<KeyFigure> KeyFigures(DecisionReport decision)
    {
        var confidenceWord = decision.Confidence switch
        {
            >= 0.75 => "chance this option is the best feasible one: high",
            >= 0.5 => "chance this option is the best feasible one: moderate",
            _ => "chance this option is the best feasible one: low; see what to measure next",
        };
        var figures = new List<KeyFigure>
        {
            new("Confidence", Format.Percent(decision.Confidence), confidenceWord, decision.Confidence >= 0.5 ? Tone.Good : Tone.Warning),
        };
        var economics = decision.Economics;
        if (economics.Options.Count > 0)
        {
            var cheapest = economics.Options.MinBy(o => o.TotalUsd)!;
            var dearest = economics.Options.MaxBy(o => o.TotalUsd)!;
            figures.Add(new KeyFigure(
                $"Cheapest over {economics.HorizonMonths} months",
                Format.Label(cheapest.Approach),
                $"saves {Format.Usd(dearest.TotalUsd - cheapest.TotalUsd)} ({Format.Usd(cheapest.TotalUsd)} vs {Format.Usd(dearest.TotalUsd)})",
                ToneOf(cheapest.Approach)));
        }

        figures.Add(economics.BreakEvenRequestsPerMonth is { } volume
            ? new KeyFigure("Break-even volume", $"{Format.Compact(volume)} / month",
                economics.RequestsPerMonth.Count > 0 ? $"today: {Format.Compact(economics.RequestsPerMonth[0])} / month" : null)
            : new KeyFigure("Break-even volume", "none", economics.BreakEvenNote));
        if (decision.Uncertainty is { MonteCarlo.Draws: > 0 } uncertainty)
        {
            figures.Add(new KeyFigure("Chance fine-tuning is cheaper", Format.Percent(uncertainty.MonteCarlo.ProbabilityFineTuningCheapest),
                $"{uncertainty.MonteCarlo.Draws:N0} Monte Carlo draws", Tone.FineTune));
        }

        return figures;
    }
}
