namespace Crossover.Reports.Sections;

/// <summary>The sections of a report, in page order.</summary>
internal static class ReportSections
{
    /// <summary>The sections that show the decision itself, from the decision alone: what <c>crossover decide</c> prints.</summary>
    public static IReadOnlyList<IReportSection> Decision { get; } =
    [
        new AnswerSection(),
        new OptionsSection(),
        new ValueOfInformationSection(),
        new CriteriaSection(),
        new EconomicsSection(),
        new UncertaintySection(),
        new MeasurementsSection(),
    ];

    /// <summary>Every section of the page: the decision's, then the evidence behind it and its provenance.</summary>
    public static IReadOnlyList<IReportSection> All { get; } =
    [
        .. Decision,
        new EvaluationSection(),
        new CascadeSection(),
        new LearningCurveSection(),
        new TuningJobsSection(),
        new ProvenanceSection(),
    ];
}
