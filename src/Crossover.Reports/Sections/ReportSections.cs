namespace Crossover.Reports.Sections;

/// <summary>The sections of a report, in page order.</summary>
internal static class ReportSections
{
    public static IReadOnlyList<IReportSection> All { get; } =
    [
        new AnswerSection(),
        new OptionsSection(),
        new ValueOfInformationSection(),
        new CriteriaSection(),
        new EconomicsSection(),
        new UncertaintySection(),
        new MeasurementsSection(),
        new EvaluationSection(),
        new CascadeSection(),
        new LearningCurveSection(),
        new TuningJobsSection(),
        new ProvenanceSection(),
    ];
}
