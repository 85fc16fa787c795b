using Crossover.Core.Input;
using Crossover.Evaluation.Curves;
using Crossover.Evaluation.Results;
using Crossover.Evaluation.Store;

namespace Crossover.Evaluation.Tests;

/// <summary>The measurements a decision takes, gathered the same way for every front end (<c>decide</c>, <c>report</c>, a web page).</summary>
public sealed class EvidenceRequestTests
{
    [Fact]
    public void Read_CurveFile_GivesTheSizeThatBeatThePromptAndTheLargestTried()
    {
        var path = Path.Combine(Path.GetTempPath(), $"curve-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, Curve(withBaseline: true).ToJson());
        try
        {
            var request = new EvidenceRequest(Path.Combine(Path.GetTempPath(), "no-store.db")) { Curve = path };

            var evidence = request.Read(request.ReadCurve());

            // 200 examples: interval [0.69, 0.85] is wholly above the baseline's 0.68; 50 examples' [0.45, 0.65] is not.
            var curve = Assert.IsType<Core.Evidence.CurveEvidence>(evidence?.Curve);
            Assert.Equal(("curve-run", 0.68, 200, 800, 0.78), (curve.RunId, curve.BaselineQuality, curve.ClearingSize, curve.LargestSize, curve.QualityAtClearingSize));
            Assert.Null(evidence!.Prompted);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Read_CurveWithoutBaseline_IsAnInputErrorNamingTheSource()
    {
        var request = new EvidenceRequest("runs.db") { Curve = "curve.json" };

        var error = Assert.Throws<InputException>(() => request.Read(Curve(withBaseline: false)));

        Assert.Equal("curve.json", error.File);
        Assert.Contains("no prompting baseline", error.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("few-shot", null, null)]
    [InlineData(null, "tuned", null)]
    [InlineData(null, null, EvidenceRequest.RecommendedCascade)]
    public void Read_CandidateOrCascadeWithoutRun_IsAnInputError(string? prompted, string? fineTuned, string? cascade)
    {
        var request = new EvidenceRequest("runs.db") { Prompted = prompted, FineTuned = fineTuned, Cascade = cascade };

        var error = Assert.Throws<InputException>(() => request.Read(curve: null));

        Assert.Contains("no run is named", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NothingNamed_IsNoEvidence()
    {
        Assert.Null(new EvidenceRequest(RunStore.DefaultPath).Read(curve: null));
    }

    private static LearningCurve Curve(bool withBaseline)
    {
        static CurvePoint Point(int n, double value, double low, double high) => new(n, $"curve-{n}", $"adapters/{n}", new MetricResult(value, low, high, "wilson"), 100, n * 300L, n / 10.0);
        return new LearningCurve("curve-run", "tickets", "accuracy", "models/tiny", 1000,
            [Point(50, 0.55, 0.45, 0.65), Point(200, 0.78, 0.69, 0.85), Point(800, 0.9, 0.83, 0.95)],
            withBaseline ? new CurveBaseline("curve-run", "few-shot", "gpt-4.1", new MetricResult(0.68, 0.58, 0.76, "wilson")) : null,
            null, new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    }
}
